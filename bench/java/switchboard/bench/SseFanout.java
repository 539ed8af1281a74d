package switchboard.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.PGConnection;

/**
 * SSE fan-out benchmark: starts a Switchboard node (its jar, in its own JVM) on a fresh database,
 * opens N subscribers to one topic, commits changes at a fixed rate and measures delivery
 * latency from commit to receipt. The baseline, run in the same process at the same time, is a
 * bare LISTEN connection receiving the NOTIFY of the same commits: what PostgreSQL alone costs.
 * The second, run after the node has stopped, is nchan under the same load ({@link NchanBaseline}).
 *
 * <p>Usage: SseFanout <jar> <subscribers> <commitsPerSecond> <seconds>
 */
public final class SseFanout {
    static final String ADMIN = System.getenv().getOrDefault("BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String TOPIC = "presence:bench";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int subscribers = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        NchanBaseline.Phase ours;
        try (var node = BenchNode.start(jar, "", 7400, 500, Map.of())) {
            String dbUrl = node.dbUrl;
            int port = node.port;
            long pid = node.server.pid();
            long heapBefore = heapUsedKb(pid);
            long head = lastSeq(dbUrl);

            var arrivals = new Recorder();
            var sockets = new ArrayList<Socket>();
            var lastSeen = new ConcurrentLinkedQueue<AtomicLong>();
            var opened = openSubscribers(port, subscribers, head, arrivals, lastSeen, sockets);
            long heapAfter = heapUsedKb(pid);

            var notifies = new Recorder();
            var listener = listen(dbUrl, (payload, now) -> notifies.record(Long.parseLong(payload), now));
            long cpuBefore = cpuMillis(pid);
            arrivals.reset();
            long sendStart = System.nanoTime();
            var commitNanos = commitAtRate(dbUrl, rate, seconds);
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            var commitNanosBySeq = seqsOfCommits(dbUrl, head, commitNanos);
            long lastCommitSeq = java.util.Collections.max(commitNanosBySeq.keySet());
            awaitDelivery(arrivals::lastSeq, arrivals::count, lastCommitSeq);
            long cpu = cpuMillis(pid) - cpuBefore;
            double cpuShare = cpu / ((System.nanoTime() - sendStart) / 1e6) / Runtime.getRuntime().availableProcessors();
            listener.interrupt();
            // Where the time goes, as the node measured it from each change's commit (the
            // database's clock): to its dispatch by the listener (sequencer, NOTIFY, read,
            // render), then to its bytes written to a page's socket.
            String nodeSide = String.format(Locale.ROOT, "node side, from commit: dispatched p50 / p99 %.1f / %.1f ms, written to the socket p50 / p99 %.1f / %.1f ms (histogram bucket bounds)",
                    node.percentileMillis("switchboard_listener_lag_seconds", 0.5), node.percentileMillis("switchboard_listener_lag_seconds", 0.99),
                    node.percentileMillis("switchboard_live_delivery_seconds", 0.5), node.percentileMillis("switchboard_live_delivery_seconds", 0.99));
            // The nchan phase opens as many sockets again: the bench's descriptors (hard limit 20,000 here) hold one phase at a time.
            closeAll(sockets);
            var sseLatencies = arrivals.match(commitNanosBySeq);
            var notifyLatencies = notifies.match(commitNanosBySeq);
            ours = new NchanBaseline.Phase(opened, commitNanos.size(), sendSeconds, lastCommitSeq, sseLatencies, List.copyOf(lastSeen), cpuShare);

            double delivered = sseLatencies.count();
            System.out.printf(Locale.ROOT, "%n| subscribers | commits/s | connected | events delivered/s | SSE p50 / p99 / max ms | NOTIFY p50 / p99 ms (baseline) | p50 ratio | server CPU | heap/connection |%n");
            System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f / %.1f / %.1f | %.2f / %.2f | %.1fx | %.0f%% of %d cores | %.1f KiB |%n",
                    subscribers, rate, opened, delivered / sendSeconds,
                    sseLatencies.percentile(50), sseLatencies.percentile(99), sseLatencies.percentile(100),
                    notifyLatencies.percentile(50), notifyLatencies.percentile(99),
                    sseLatencies.percentile(50) / Math.max(0.001, notifyLatencies.percentile(50)),
                    100.0 * cpuShare, Runtime.getRuntime().availableProcessors(),
                    (heapAfter - heapBefore) / (double) Math.max(1, opened));
            System.out.printf(Locale.ROOT, "%n%s%n", nodeSide);
        }
        // After the node has stopped, so nchan has the machine Switchboard had.
        compareWithNchan(subscribers, rate, seconds, ours);
        System.exit(0);
    }

    /** The second baseline, nchan under the same load from the same client, and the two side by side. */
    private static void compareWithNchan(int subscribers, int rate, int seconds, NchanBaseline.Phase ours) {
        String missing = NchanBaseline.missing();
        if (missing != null) {
            System.out.printf(Locale.ROOT, "%nnchan baseline skipped: %s%n", missing);
            return;
        }
        NchanBaseline.Phase nchan;
        try {
            nchan = NchanBaseline.run(subscribers, rate, seconds);
        } catch (Exception e) {
            e.printStackTrace();
            System.out.printf(Locale.ROOT, "%nnchan baseline FAILED: %s%n", e);
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // Rates are over the real send time: a sender that fell behind would show it as fewer events sent/s.
        System.out.printf(Locale.ROOT, "%n| subscribers, %d events/s offered for %d s | server | connected | events sent/s | events delivered/s | delivered | subscribers holding the last event | p50 / p99 / max ms | server CPU |%n",
                rate, seconds);
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
        for (var row : List.of(Map.entry("Switchboard", ours), Map.entry("nchan", nchan))) {
            var phase = row.getValue();
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %.1f | %.0f | %.1f %% | %d | %.1f / %.1f / %.1f | %.0f%% of %d cores |%n",
                    subscribers, row.getKey(), phase.connected(), phase.events() / phase.sendSeconds(), phase.latencies().count() / phase.sendSeconds(),
                    100 * phase.deliveredShare(), phase.holdingLast(),
                    phase.latencies().percentile(50), phase.latencies().percentile(99), phase.latencies().percentile(100),
                    100 * phase.cpuShare(), cores);
        }
        System.out.printf(Locale.ROOT, "%nSwitchboard vs nchan at %d subscribers: p50 %.2fx, p99 %.2fx (issue 13: p99 at 1,000 within 1.2x)%n",
                subscribers, ours.latencies().percentile(50) / nchan.latencies().percentile(50),
                ours.latencies().percentile(99) / nchan.latencies().percentile(99));
    }

    /**
     * Lets the last events arrive before the figures are read: until some subscriber has the last
     * event and then no event has arrived for half a second, at most 10 s after the last send.
     */
    static void awaitDelivery(java.util.function.LongSupplier lastSeq, java.util.function.LongSupplier count, long lastEvent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lastSeq.getAsLong() < lastEvent && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long seen = -1;
        while (count.getAsLong() != seen && System.nanoTime() < deadline) {
            seen = count.getAsLong();
            Thread.sleep(500);
        }
    }

    static void closeAll(List<Socket> sockets) {
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Calls {@code step} with 1, 2, ... rate × seconds, each at its due time (one sender, as a steady writer); returns how many. */
    static int atRate(int rate, int seconds, String what, Step step) throws Exception {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 1; i <= total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            step.run(i);
            if (i % rate == 0) {
                System.err.printf("%s %d/%d%n", what, i, total);
            }
        }
        return total;
    }

    interface Step {
        void run(int i) throws Exception;
    }

    static Process startServer(Path jar, String dbUrl, int port, java.util.Map<String, String> env) throws Exception {
        Path log = Path.of("target", "bench-server-" + port + ".log");
        // BENCH_XMX caps the node's heap (the records export shows its memory does not grow with the rows).
        var pb = new ProcessBuilder("java", "-Xmx" + env.getOrDefault("BENCH_XMX", "6g"), "-Dorg.jooq.no-logo=true", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DATABASE_URL", dbUrl);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().putIfAbsent("METRICS_TOKEN", BenchNode.METRICS_TOKEN);
        // Every simulated visitor connects from loopback; in production they are many addresses.
        pb.environment().putIfAbsent("LIVE_STREAMS_PER_ADDRESS", "1000000");
        pb.environment().putAll(env);
        Process p = pb.start();
        var http = HttpClient.newHttpClient();
        // Two minutes: on two cores shared with other work a node's start has taken more than one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    System.err.println("server up on port " + port + " (log: " + log + ")");
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited; see " + log);
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not become healthy in 120 s; see " + log);
    }

    /** Subscribers to {@link #TOPIC}; each records every event's seq and the moment its {@code id:} line arrived. */
    private static int openSubscribers(int port, int n, long since, Recorder arrivals,
                                       ConcurrentLinkedQueue<AtomicLong> lastSeen, List<Socket> sockets) throws InterruptedException {
        return Streams.open(port, "/live?topics=" + TOPIC + "&since=" + since, null, n, () -> {
            var last = new AtomicLong();
            lastSeen.add(last);
            return line -> {
                if (line.startsWith("id: ")) {
                    long now = System.nanoTime();
                    long seq = Long.parseLong(line.substring(4).trim());
                    arrivals.record(seq, now);
                    last.set(seq);
                }
            };
        }, sockets);
    }

    /**
     * The baseline of every fan-out figure: a bare pgjdbc LISTEN on the change feed's channel,
     * handing each NOTIFY's payload and arrival time ({@code System.nanoTime()}) to {@code onNotify}.
     */
    static Thread listen(String dbUrl, java.util.function.ObjLongConsumer<String> onNotify) throws SQLException {
        Connection c = DriverManager.getConnection(dbUrl);
        c.createStatement().execute("LISTEN sb_changes");
        var pg = c.unwrap(PGConnection.class);
        return Thread.ofPlatform().daemon().start(() -> {
            try (c) {
                while (!Thread.currentThread().isInterrupted()) {
                    var notifications = pg.getNotifications(500);
                    long now = System.nanoTime();
                    if (notifications == null) {
                        continue;
                    }
                    for (var n : notifications) {
                        onNotify.accept(n.getParameter(), now);
                    }
                }
            } catch (SQLException e) {
                // the run is over
            }
        });
    }

    /** One writer, one change per commit (entity_id = its number), at a fixed rate; send times by number. */
    private static Map<Long, Long> commitAtRate(String dbUrl, int rate, int seconds) throws Exception {
        var commitNanos = new ConcurrentHashMap<Long, Long>();
        try (Connection c = DriverManager.getConnection(dbUrl); var st = c.prepareStatement("select sb_publish(?, 'bench', ?)")) {
            atRate(rate, seconds, "committed", i -> {
                commitNanos.put((long) i, System.nanoTime());
                st.setString(1, TOPIC);
                st.setLong(2, i);
                st.execute();
            });
        }
        return commitNanos;
    }

    /**
     * The send time of each commit by the seq the node's sequencer gave it, read from change_log
     * once the sequencer has moved them all (the bench alone writes kind 'bench' on its topic).
     */
    private static Map<Long, Long> seqsOfCommits(String dbUrl, long head, Map<Long, Long> commitNanos) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = DriverManager.getConnection(dbUrl);
             var st = c.prepareStatement("select seq, entity_id from change_log where topic = ? and kind = 'bench' and seq > ?")) {
            st.setString(1, TOPIC);
            st.setLong(2, head);
            while (true) {
                var bySeq = new java.util.HashMap<Long, Long>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        bySeq.put(rs.getLong(1), commitNanos.get(rs.getLong(2)));
                    }
                }
                if (bySeq.size() == commitNanos.size()) {
                    return bySeq;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sequencer moved " + bySeq.size() + " of " + commitNanos.size() + " commits in 10 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** Commits per second of plain insert + NOTIFY against our publish (counter at commit + NOTIFY), 16 writers. */
    /**
     * The write path, 16 writers, one change per commit, in one run: a plain insert (the
     * ceiling), insert + NOTIFY, the old path (V1's commit-time advisory lock + NOTIFY, installed
     * beside the current schema) and the new path (sb_publish into change_pending, with this
     * process running the real Sequencer, and a follower measuring commit to change_log read).
     */
    static void writePath(int writers, int seconds) throws Exception {
        String db = "sbbench_w" + ProcessHandle.current().pid();
        String dbUrl = ADMIN.replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        admin("create database " + db);
        try (var database = switchboard.db.Database.open(switchboard.db.DatabaseUrl.parse(dbUrl), 4)) {
            try (Connection c = DriverManager.getConnection(dbUrl)) {
                c.createStatement().execute("create table bench_plain (id bigserial primary key, topic text not null, kind text not null, entity_id bigint)");
                c.createStatement().execute(Files.readString(Path.of("bench", "old-write-path.sql")));
            }
            double bare = commitsPerSecond(dbUrl, writers, seconds, "insert into bench_plain (topic, kind, entity_id) values ('presence:bench', 'bench', 1)");
            double notify = commitsPerSecond(dbUrl, writers, seconds,
                    "with row as (insert into bench_plain (topic, kind, entity_id) values ('presence:bench', 'bench', 1) returning id) select pg_notify('bench_plain', id::text) from row");
            double old = commitsPerSecond(dbUrl, writers, seconds, "select old_publish('presence:bench', 'bench', 1)");
            var lag = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
            var following = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread follower = Thread.ofPlatform().start(() -> follow(dbUrl, following, lag));
            double ours;
            // WRITE_PAIRS more rounds of (plain insert, new path), 5 s each, alternated: on a shared
            // machine the ceiling itself moves by ±20 % between runs, so the ratio of each adjacent
            // pair, and their median, says more than one ratio of two runs minutes apart.
            int pairs = Integer.parseInt(System.getenv().getOrDefault("WRITE_PAIRS", "3").trim());
            var ratios = new ArrayList<Double>();
            try (var sequencer = new switchboard.live.Sequencer(database).start()) {
                ours = commitsPerSecond(dbUrl, writers, seconds, "select sb_publish('presence:bench', 'bench', 1)");
                ratios.add(ours / bare);
                for (int pair = 0; pair < pairs; pair++) {
                    double plain = commitsPerSecond(dbUrl, writers, 5, "insert into bench_plain (topic, kind, entity_id) values ('presence:bench', 'bench', 1)");
                    double published = commitsPerSecond(dbUrl, writers, 5, "select sb_publish('presence:bench', 'bench', 1)");
                    ratios.add(published / plain);
                }
            } finally {
                following.set(false);
                follower.join();
            }
            long[] sorted = lag.stream().mapToLong(Long::longValue).sorted().toArray();
            double p50 = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1000.0;
            double p99 = sorted.length == 0 ? Double.NaN : sorted[(int) (sorted.length * 0.99)] / 1000.0;
            System.out.printf(Locale.ROOT, "%n| write path (%d writers, one change per commit, %d s each, %d cores) | commits/s | vs plain insert |%n|---|---|---|%n",
                    writers, seconds, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "| plain insert (ceiling) | %.0f | 100 %% |%n", bare);
            System.out.printf(Locale.ROOT, "| insert + NOTIFY | %.0f | %.0f %% |%n", notify, 100 * notify / bare);
            System.out.printf(Locale.ROOT, "| old path: seq under an advisory lock at commit + NOTIFY | %.0f | %.0f %% |%n", old, 100 * old / bare);
            System.out.printf(Locale.ROOT, "| new path: sb_publish + sequencer | %.0f | %.0f %% |%n", ours, 100 * ours / bare);
            System.out.printf(Locale.ROOT, "%nnew path, commit to change_log read by a listener while it runs: p50 %.1f ms, p99 %.1f ms (%d changes)%n",
                    p50, p99, sorted.length);
            var sortedRatios = ratios.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "new path vs plain insert, adjacent pairs (the first is the table's): %s; median %.0f %%%n",
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.0f %%", 100 * r)).toList(), 100 * sortedRatios.get(sortedRatios.size() / 2));
        } finally {
            admin("drop database if exists " + db + " with (force)");
        }
    }

    /** Follows change_log as a node's listener does (LISTEN, then read after the cursor); records now - at per change, in microseconds. */
    private static void follow(String dbUrl, java.util.concurrent.atomic.AtomicBoolean running, java.util.Collection<Long> lag) {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            c.createStatement().execute("LISTEN sb_changes");
            long cursor;
            try (var rs = c.createStatement().executeQuery("select last_seq from change_counter")) {
                rs.next();
                cursor = rs.getLong(1);
            }
            var read = c.prepareStatement("select seq, (extract(epoch from clock_timestamp() - at) * 1000000)::bigint from change_log where seq > ? order by seq limit 5000");
            var pg = c.unwrap(PGConnection.class);
            while (running.get()) {
                pg.getNotifications(200);
                read.setLong(1, cursor);
                try (var rs = read.executeQuery()) {
                    while (rs.next()) {
                        cursor = rs.getLong(1);
                        lag.add(rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double commitsPerSecond(String dbUrl, int writers, int seconds, String sql) throws Exception {
        var count = new LongAdder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(dbUrl); var st = c.createStatement()) {
                    while (System.nanoTime() < end) {
                        st.execute(sql);
                        count.increment();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.err.printf("write path: %.0f commits/s for %s%n", count.sum() / (double) seconds, sql.substring(0, Math.min(50, sql.length())));
        return count.sum() / (double) seconds;
    }

    static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN)) {
            c.createStatement().execute(sql);
        }
    }

    private static long lastSeq(String dbUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl); var rs = c.createStatement().executeQuery("select last_seq from change_counter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Heap in use after a full GC, from jcmd, in KiB. */
    private static long heapUsedKb(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap use from jcmd: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    /** CPU time (user + system) the process has used, from /proc, in milliseconds. */
    static long cpuMillis(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc", String.valueOf(pid), "stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // clock ticks of 10 ms
    }

    private static String run(String... command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /**
     * Samples in nanoseconds, each with the seq it is about; thread-safe, bounded to the run's
     * samples. Latencies are recorded directly, or arrival times first and then turned into
     * latencies with {@link #match}: the node's sequencer hands out seqs after the commits, and the
     * node's own jobs (the dashboard's tick) publish between the bench's commits, so a commit's seq
     * is not known when it is sent.
     */
    static final class Recorder {
        private final LongAdder count = new LongAdder();
        private final AtomicLong lastSeq = new AtomicLong();
        private long[] seqs = new long[1 << 16];
        private long[] samples = new long[1 << 16];
        private int size;

        synchronized void record(long seq, long nanos) {
            if (size == samples.length) {
                seqs = Arrays.copyOf(seqs, size * 2);
                samples = Arrays.copyOf(samples, size * 2);
            }
            seqs[size] = seq;
            samples[size++] = nanos;
            count.increment();
            lastSeq.accumulateAndGet(seq, Math::max);
        }

        synchronized void reset() {
            size = 0;
            count.reset();
        }

        long count() {
            return count.sum();
        }

        long lastSeq() {
            return lastSeq.get();
        }

        /** Arrival times turned into the latency of every arrival that is one of the bench's commits ({@code commitNanosBySeq}). */
        synchronized Recorder match(java.util.Map<Long, Long> commitNanosBySeq) {
            var latencies = new Recorder();
            for (int i = 0; i < size; i++) {
                Long committed = commitNanosBySeq.get(seqs[i]);
                if (committed != null) {
                    latencies.record(seqs[i], samples[i] - committed);
                }
            }
            return latencies;
        }

        /** In milliseconds. */
        synchronized double percentile(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(samples, size);
            Arrays.sort(sorted);
            int index = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}
