package switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault scenarios against a cluster started by {@code bin/cluster}, all traffic through its nginx.
 * In each, PAGES pages stream one chat thread while the bench admin posts RATE messages a second;
 * a third of the way into SECONDS the fault happens, the posts go on for the rest. Every page is
 * then compared with the thread's messages in PostgreSQL (the truth): lost, duplicated, pages that
 * lost their stream, the longest time any page was without one.
 * <ul>
 * <li>{@code kill9}: node 1 is killed with SIGKILL.
 * <li>{@code rolling}: each node in turn gets SIGTERM (it drains), is started again and is waited
 * for until ready, then the next.
 * <li>{@code postgres}: the embedded PostgreSQL is stopped and started again on its port; the
 * ingest API runs beside the posts (see {@link IngestDuringFault}).
 * <li>{@code storm}: node 1 is restarted (SIGTERM, started again) under many pages; reported: how
 * long until every page streams again, and until every page holds every message committed by then.
 * </ul>
 * Usage: Faults scenario jar proxyPort nodePort databaseUrl clusterRunDir pages rate seconds
 */
public final class Faults {
    private final Path jar;
    private final int proxy;
    private final int nodePort;
    private final String dbUrl;
    private final Path run;
    private final int pages;
    private final int rate;
    private final int seconds;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private IngestLoad.Browser browser;
    /** The running scenario's pages and thread, for a fault that measures the pages' recovery itself. */
    private volatile List<FaultPage> currentPages = List.of();
    private volatile long currentThread;

    private Faults(String[] args) {
        jar = Path.of(args[1]);
        proxy = Integer.parseInt(args[2]);
        nodePort = Integer.parseInt(args[3]);
        dbUrl = args[4];
        run = Path.of(args[5]);
        pages = Integer.parseInt(args[6]);
        rate = Integer.parseInt(args[7]);
        seconds = Integer.parseInt(args[8]);
    }

    public static void main(String[] args) throws Exception {
        var faults = new Faults(args);
        Runtime.getRuntime().addShutdownHook(new Thread(faults::stopStarted));
        boolean clean = switch (args[0]) {
            case "kill9" -> faults.chat("kill -9 one of 3 nodes", faults::killNode);
            case "rolling" -> faults.chat("rolling restart of 3 nodes (SIGTERM)", faults::rollingRestart);
            case "postgres" -> faults.postgresRestart();
            case "proxy" -> faults.proxyCost();
            case "storm" -> faults.chat("reconnect storm: node 1 restarted (SIGTERM)", faults::storm);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0] + ": kill9, rolling, postgres, proxy or storm");
        };
        faults.stopStarted();
        System.exit(clean ? 0 : 1);
    }

    private interface Fault {
        String run() throws Exception;
    }

    private void signIn() throws Exception {
        if (browser == null) {
            browser = new IngestLoad.Browser(proxy);
            browser.signIn(jar, dbUrl);
        }
    }

    /** Pages on a chat thread, posts at RATE, the fault a third of the way in; prints one row. Clean: nothing lost or twice. */
    boolean chat(String scenario, Fault fault) throws Exception {
        return chat(scenario, fault, () -> { });
    }

    boolean chat(String scenario, Fault fault, Runnable afterPosts) throws Exception {
        signIn();
        long thread;
        long since;
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("insert into threads (title, owner_id) select 'Faults', id from users where username = 'bench' returning id");
            rs.next();
            thread = rs.getLong(1);
            c.createStatement().execute("insert into thread_members (thread_id, user_id) select " + thread + ", id from users where username = 'bench' on conflict do nothing");
            rs = c.createStatement().executeQuery("select last_seq from change_counter");
            rs.next();
            since = rs.getLong(1);
        }
        var open = new ArrayList<FaultPage>();
        for (int i = 0; i < pages; i++) {
            open.add(new FaultPage(http, proxy, "/live?topics=thread:" + thread, since, browser.cookie()).start());
            if (i % 200 == 199) {
                Thread.sleep(100);
            }
        }
        long opening = System.nanoTime();
        currentPages = open;
        currentThread = thread;
        waitUntil(() -> open.stream().allMatch(p -> p.streaming), Duration.ofSeconds(Math.max(120, pages / 50)));
        System.out.printf(Locale.ROOT, "%d of %d pages streaming thread:%d through nginx on :%d after %d ms%n",
                open.stream().filter(p -> p.streaming).count(), pages, thread, proxy, (System.nanoTime() - opening) / 1_000_000);
        open.forEach(p -> p.longestDownNanos.set(0));

        var answers = new ConcurrentHashMap<String, AtomicInteger>();
        var posting = new AtomicBoolean(true);
        var poster = Thread.ofPlatform().start(() -> post(thread, answers, posting));
        Thread.sleep(seconds * 1000L / 3);
        long faultAt = System.nanoTime();
        String what = fault.run();
        long faultMs = (System.nanoTime() - faultAt) / 1_000_000;
        System.out.printf(Locale.ROOT, "%s (%d ms)%n", what, faultMs);
        Thread.sleep(Math.max(seconds * 1000L * 2 / 3 - faultMs, 3_000));
        posting.set(false);
        poster.join();
        afterPosts.run();

        // A post answered by a timeout may still commit: read the truth once the writes are over.
        long settleStart = System.nanoTime();
        Set<Long> committed = committedMessages(thread);
        waitUntil(() -> open.stream().allMatch(p -> p.streaming && p.received.keySet().containsAll(committed)), Duration.ofSeconds(60));
        long caughtUpMs = (System.nanoTime() - settleStart) / 1_000_000;
        Set<Long> finalCommitted = committedMessages(thread);
        long lost = open.stream().mapToLong(p -> finalCommitted.stream().filter(id -> !p.received.containsKey(id)).count()).sum();
        long extra = open.stream().mapToLong(p -> p.received.keySet().stream().filter(id -> !finalCommitted.contains(id)).count()).sum();
        long duplicated = open.stream().mapToLong(p -> p.duplicates.get()).sum();
        var dropped = open.stream().filter(p -> p.dropAt.get() >= faultAt).toList();
        long longestDown = open.stream().mapToLong(FaultPage::longestDownMillis).max().orElse(0);
        long backAfterFault = dropped.stream().mapToLong(p -> p.streaming ? (p.backAt.get() - faultAt) / 1_000_000 : Long.MAX_VALUE).max().orElse(0);
        long refused = open.stream().mapToLong(p -> p.refused.get()).sum();
        dropped.stream().max(Comparator.comparingLong(FaultPage::longestDownMillis)).ifPresent(p -> {
            System.out.println("The slowest page's attempts (ms; fault at " + faultAt / 1_000_000 + "):");
            synchronized (p.timeline) {
                p.timeline.stream().skip(Math.max(0, p.timeline.size() - 14)).forEach(a -> System.out.println("  " + a));
            }
        });
        System.out.printf(Locale.ROOT, "%n| scenario | pages | messages committed | lost | duplicated | pages that lost their stream | refused reconnects | longest any page was without a stream | all back after the fault began | all caught up after the last post |%n"
                        + "|---|---|---|---|---|---|---|---|---|---|%n| %s | %d | %d | %d | %d | %d | %d | %d ms | %s | %d ms |%n",
                scenario, pages, finalCommitted.size(), lost + extra, duplicated, dropped.size(), refused, longestDown,
                backAfterFault == Long.MAX_VALUE ? "not all" : backAfterFault + " ms", caughtUpMs);
        System.out.printf("Answers to the posts: %s (a post is not retried; PostgreSQL says which committed)%n%n", new TreeMap<>(answers));
        return lost + extra + duplicated == 0;
    }

    private Set<Long> committedMessages(long thread) throws Exception {
        var committed = new HashSet<Long>();
        for (int attempt = 0; ; attempt++) {
            try (Connection c = DriverManager.getConnection(dbUrl)) {
                var rs = c.createStatement().executeQuery("select id from messages where thread_id = " + thread);
                while (rs.next()) {
                    committed.add(rs.getLong(1));
                }
                return committed;
            } catch (java.sql.SQLException e) {
                if (attempt == 60) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private void post(long thread, ConcurrentHashMap<String, AtomicInteger> answers, AtomicBoolean posting) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        try (var posts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; posting.get(); i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                int n = i;
                posts.submit(() -> {
                    try {
                        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + "/chat/" + thread + "/messages"))
                                .header("Cookie", browser.cookie()).header("HX-Request", "true").header("pac4jCsrfToken", browser.csrf())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString("body=fault+message+" + n)).build();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        answers.computeIfAbsent(Integer.toString(status), x -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        answers.computeIfAbsent(e.getClass().getSimpleName(), x -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
        }
    }

    private String killNode() throws Exception {
        String victim = Files.readString(run.resolve("node1.pid")).strip();
        new ProcessBuilder("kill", "-9", victim).inheritIO().start().waitFor();
        return "killed node 1 (pid " + victim + ") with SIGKILL";
    }

    /** Each node in turn: SIGTERM, wait for it to exit, start it again, wait until it is ready. */
    private String rollingRestart() throws Exception {
        var took = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            long begin = System.nanoTime();
            long pid = Long.parseLong(Files.readString(run.resolve("node" + i + ".pid")).strip());
            var old = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("node process " + pid + " is gone"));
            old.destroy();
            old.onExit().get(90, TimeUnit.SECONDS);
            long drained = System.nanoTime();
            restartNode(i);
            took.add(String.format(Locale.ROOT, "node %d drained in %d ms, ready again %d ms later", i,
                    (drained - begin) / 1_000_000, (System.nanoTime() - drained) / 1_000_000));
        }
        return "rolling restart: " + String.join("; ", took);
    }

    /**
     * The reconnect storm: node 1 drains (its pages are told to come back in 0.1–1.9 s, through
     * nginx, to the other nodes) and is started again. Measured from the SIGTERM: until every page
     * streams again, then until every page holds every message PostgreSQL had committed by then.
     */
    private String storm() throws Exception {
        long begin = System.nanoTime();
        long pid = Long.parseLong(Files.readString(run.resolve("node1.pid")).strip());
        var old = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("node process " + pid + " is gone"));
        old.destroy();
        var pagesNow = currentPages;
        waitUntil(() -> pagesNow.stream().allMatch(p -> p.streaming), Duration.ofSeconds(300));
        long allStreaming = System.nanoTime();
        int streaming = (int) pagesNow.stream().filter(p -> p.streaming).count();
        Set<Long> committed = committedMessages(currentThread);
        waitUntil(() -> pagesNow.stream().allMatch(p -> p.received.keySet().containsAll(committed)), Duration.ofSeconds(300));
        long caughtUp = System.nanoTime();
        long behind = pagesNow.stream().filter(p -> !p.received.keySet().containsAll(committed)).count();
        old.onExit().get(90, TimeUnit.SECONDS);
        long exited = System.nanoTime();
        restartNode(1);
        return String.format(Locale.ROOT, "storm: %d of %d pages streaming again %d ms after the SIGTERM; all %d messages committed by then on %d of %d pages %d ms after it;"
                        + " node 1 exited after %d ms and was ready again %d ms later",
                streaming, pagesNow.size(), (allStreaming - begin) / 1_000_000, committed.size(), pagesNow.size() - behind, pagesNow.size(),
                (caughtUp - begin) / 1_000_000, (exited - begin) / 1_000_000, (System.nanoTime() - exited) / 1_000_000);
    }

    private void restartNode(int i) throws Exception {
        var node = new ProcessBuilder("java", "-Xmx" + System.getenv().getOrDefault("NODE_HEAP", "512m"), "-Dorg.jooq.no-logo=true", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("node" + i + ".restarted.log").toFile());
        node.environment().put("PORT", Integer.toString(nodePort + i));
        node.environment().put("DATABASE_URL", dbUrl);
        node.environment().put("PUBLIC_URL", "http://127.0.0.1:" + proxy);
        node.environment().put("TRUSTED_PROXIES", "127.0.0.1");
        var process = node.start();
        started.add(process);
        Files.writeString(run.resolve("node" + i + ".pid"), Long.toString(process.pid()));
        waitReady(nodePort + i, Duration.ofSeconds(90));
    }

    private void waitReady(int port, Duration timeout) throws Exception {
        var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node on port " + port + " was not ready within " + timeout + "; see " + run);
    }

    /** The embedded PostgreSQL stopped (SIGTERM to its process: a fast shutdown) and started again on its port. */
    private String restartPostgres() throws Exception {
        long pid = Long.parseLong(Files.readString(run.resolve("database.pid")).strip());
        var old = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("database process " + pid + " is gone"));
        long begin = System.nanoTime();
        old.destroy();
        old.onExit().get(60, TimeUnit.SECONDS);
        long down = System.nanoTime();
        int port = URI.create(dbUrl.substring("jdbc:".length())).getPort();
        var database = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "database")
                .redirectErrorStream(true).redirectOutput(run.resolve("database.restarted.log").toFile());
        database.environment().put("EMBEDDED_DATABASE_PORT", Integer.toString(port));
        var process = database.start();
        started.add(process);
        Files.writeString(run.resolve("database.pid"), Long.toString(process.pid()));
        waitUntil(() -> {
            try {
                return Files.readString(run.resolve("database.restarted.log")).contains("DATABASE_URL=");
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(60));
        return String.format(Locale.ROOT, "PostgreSQL stopped in %d ms and up again %d ms later on port %d",
                (down - begin) / 1_000_000, (System.nanoTime() - down) / 1_000_000, port);
    }

    private boolean postgresRestart() throws Exception {
        signIn();
        var ingest = new IngestDuringFault(http, proxy, browser.apiKey());
        ingest.start();
        boolean chatClean = chat("PostgreSQL restarted", this::restartPostgres, ingest::stop);
        boolean ingestClean = ingest.report(dbUrl);
        return chatClean && ingestClean;
    }

    /**
     * The proxy's cost: the same pages and posts twice in one run, first every page straight on
     * node 0, then every page through nginx (round robin over the 3 nodes). Latency is from just
     * before a post is sent to the message's arrival on a page; the post's answer names the id.
     */
    private boolean proxyCost() throws Exception {
        signIn();
        var rows = new ArrayList<String>();
        for (boolean viaProxy : new boolean[] {false, true}) {
            long thread = newThread();
            int port = viaProxy ? proxy : nodePort;
            var open = new ArrayList<FaultPage>();
            for (int i = 0; i < pages; i++) {
                open.add(new FaultPage(http, port, "/live?topics=thread:" + thread, lastSeq(), browser.cookie()).start());
                if (i % 200 == 199) {
                    Thread.sleep(100);
                }
            }
            waitUntil(() -> open.stream().allMatch(p -> p.streaming), Duration.ofSeconds(120));
            var sentAt = new ConcurrentHashMap<Long, Long>();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            try (var posts = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 1; i <= rate * seconds; i++) {
                    long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int n = i;
                    posts.submit(() -> {
                        long sent = System.nanoTime();
                        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/" + thread + "/messages"))
                                .header("Cookie", browser.cookie()).header("HX-Request", "true").header("pac4jCsrfToken", browser.csrf())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("body=proxy+cost+" + n)).build();
                        var answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                        answer.headers().firstValue("X-Message-Id").ifPresent(id -> sentAt.put(Long.parseLong(id), sent));
                        return null;
                    });
                }
            }
            long postsEnd = System.nanoTime();
            waitUntil(() -> open.stream().allMatch(p -> p.received.keySet().containsAll(sentAt.keySet())), Duration.ofSeconds(60));
            var latencies = new ArrayList<Long>();
            long lastArrival = 0;
            for (var p : open) {
                for (var e : p.received.entrySet()) {
                    Long sent = sentAt.get(e.getKey());
                    if (sent != null) {
                        latencies.add(e.getValue() - sent);
                        lastArrival = Math.max(lastArrival, e.getValue());
                    }
                }
            }
            latencies.sort(null);
            double perSecond = latencies.size() / ((Math.max(lastArrival, postsEnd) - start) / 1e9);
            rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %.1f | %.1f |", viaProxy ? "through nginx, 3 nodes" : "one node direct",
                    pages, sentAt.size(), latencies.size(), perSecond, percentile(latencies, 50), percentile(latencies, 99)));
            open.forEach(FaultPage::stop);
        }
        System.out.printf(Locale.ROOT, "%n| fan-out (%d messages/s for %d s, load before: %s) | pages | messages | deliveries | deliveries/s | p50 ms | p99 ms |%n|---|---|---|---|---|---|---|%n",
                rate, seconds, Files.readString(Path.of("/proc/loadavg")).strip());
        rows.forEach(System.out::println);
        return true;
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p / 100.0))) / 1e6;
    }

    private long newThread() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("insert into threads (title, owner_id) select 'Faults', id from users where username = 'bench' returning id");
            rs.next();
            long thread = rs.getLong(1);
            c.createStatement().execute("insert into thread_members (thread_id, user_id) select " + thread + ", id from users where username = 'bench' on conflict do nothing");
            return thread;
        }
    }

    private long lastSeq() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("select last_seq from change_counter");
            rs.next();
            return rs.getLong(1);
        }
    }

    private void stopStarted() {
        for (var p : started) {
            p.destroy();
        }
        for (var p : started) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
        started.clear();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
