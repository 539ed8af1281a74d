package switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Poll fan-out benchmark: N signed-in viewers on one poll's results while votes are committed
 * at a fixed rate. A viewer's update shows the poll's total; its latency is the time from the
 * commit that made that total to the update's arrival. Reports updates per viewer per second
 * (votes are coalesced into the latest totals), p50/p99 latency, and the server's CPU. The
 * baseline in the same run is a bare LISTEN connection's commit-to-NOTIFY latency.
 *
 * <p>Usage: PollFanout <jar> <viewers> <votesPerSecond> <seconds>
 */
public final class PollFanout {
    private static final Pattern TOTAL = Pattern.compile("class=\"total\">(\\d+) vote");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int viewers = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int votes = rate * seconds;
        try (var node = BenchNode.start(jar, "p", 7990, 9, Map.of())) {
            String dbUrl = node.dbUrl;
            int port = node.port;
            var browser = new IngestLoad.Browser(port);
            browser.signIn(jar, dbUrl);
            long poll;
            long[] options = new long[3];
            try (Connection c = DriverManager.getConnection(dbUrl)) {
                var rs = c.createStatement().executeQuery("insert into polls (question, status) values ('Bench?', 'active') returning id");
                rs.next();
                poll = rs.getLong(1);
                for (int i = 0; i < 3; i++) {
                    var o = c.createStatement().executeQuery("insert into poll_options (poll_id, position, label) values (" + poll + ", " + (i + 1) + ", 'Option " + (i + 1) + "') returning id");
                    o.next();
                    options[i] = o.getLong(1);
                }
                c.createStatement().execute("insert into users (username, display_name, role) select 'voter' || g, 'Voter ' || g, 'MEMBER' from generate_series(1, " + votes + ") g");
            }
            System.err.println("poll " + poll + " and " + votes + " voters ready");

            var committedAt = new AtomicLongArray(votes + 1);
            var latencies = new SseFanout.Recorder();
            var updates = new LongAdder();
            int connected = open(port, browser.cookie(), poll, viewers, committedAt, latencies, updates);
            var notify = new SseFanout.Recorder();
            var listener = listen(dbUrl, committedAt, notify);
            long cpuBefore = node.cpuMillis();
            updates.reset();
            latencies.reset();
            commit(dbUrl, poll, options, rate, votes, committedAt);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (latencies.lastSeq() < votes && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long cpu = node.cpuMillis() - cpuBefore;
            listener.interrupt();
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "%n| poll viewers | votes/s | connected | updates per viewer per s | viewer p50 / p99 / max ms | NOTIFY p50 / p99 ms (baseline) | p99 ratio | server CPU |%n|---|---|---|---|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.0f / %.0f / %.0f | %.1f / %.1f | %.0fx | %.0f%% of %d cores |%n",
                    viewers, rate, connected, updates.sum() / (double) Math.max(1, connected) / seconds,
                    latencies.percentile(50), latencies.percentile(99), latencies.percentile(100),
                    notify.percentile(50), notify.percentile(99), latencies.percentile(99) / Math.max(0.001, notify.percentile(99)),
                    100.0 * cpu / (seconds * 1000.0) / cores, cores);
        }
        System.exit(0);
    }

    /** Viewers of the poll's results; each parses the total out of every update and times it against that total's commit. */
    private static int open(int port, String cookie, long poll, int n, AtomicLongArray committedAt, SseFanout.Recorder latencies, LongAdder updates) throws InterruptedException {
        return Streams.open(port, "/live?topics=poll:" + poll, cookie, n, () -> line -> {
            var m = TOTAL.matcher(line);
            if (m.find()) {
                long now = System.nanoTime();
                int total = Integer.parseInt(m.group(1));
                updates.increment();
                long at = total < committedAt.length() ? committedAt.get(total) : 0;
                if (at > 0) {
                    latencies.record(total, now - at);
                }
            }
        }, null);
    }

    /** Commits votes at the rate from 4 connections; the k-th commit to finish makes the total k. */
    private static void commit(String dbUrl, long poll, long[] options, int rate, int votes, AtomicLongArray committedAt) throws Exception {
        var done = new AtomicInteger();
        var next = new AtomicInteger();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        var writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            writers[w] = Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(dbUrl);
                     var st = c.prepareStatement("insert into votes (poll_id, user_id, option_id) select ?, id, ? from users where username = ?")) {
                    int i;
                    while ((i = next.incrementAndGet()) <= votes) {
                        long wait = start + i * interval - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        st.setLong(1, poll);
                        st.setLong(2, options[i % options.length]);
                        st.setString(3, "voter" + i);
                        st.execute();
                        int total = done.incrementAndGet();
                        committedAt.set(total, System.nanoTime());
                        if (total % rate == 0) {
                            System.err.printf("votes committed %d/%d%n", total, votes);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    /** The baseline: a bare LISTEN on the change feed's channel, timed against the same commits. */
    private static Thread listen(String dbUrl, AtomicLongArray committedAt, SseFanout.Recorder latencies) throws Exception {
        var seen = new AtomicInteger();
        return SseFanout.listen(dbUrl, (payload, now) -> {
            // One NOTIFY per commit, in commit order: the k-th is the k-th vote.
            int k = seen.incrementAndGet();
            long at = k < committedAt.length() ? committedAt.get(k) : 0;
            if (at > 0) {
                latencies.record(k, now - at);
            }
        });
    }
}
