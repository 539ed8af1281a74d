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
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Fault scenarios against a cluster started by {@code bin/cluster}, all traffic through its nginx.
 * {@code kill9}: PAGES pages stream one chat thread while the bench admin posts RATE messages a
 * second for SECONDS; a third of the way in, one node is killed with SIGKILL. Its pages reconnect
 * through the proxy to the others and replay. Reported: messages committed (PostgreSQL is the
 * truth), messages lost and duplicated over all pages, pages that lost their stream, and the time
 * from the kill until every one of them was streaming again and until every page had everything.
 * Usage: Faults jar proxyPort databaseUrl clusterRunDir pages rate seconds
 */
public final class Faults {
    private static final Pattern MESSAGE = Pattern.compile("id=\"msg-(\\d+)\"");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int proxy = Integer.parseInt(args[1]);
        String dbUrl = args[2];
        Path run = Path.of(args[3]);
        int pages = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);

        var browser = new IngestLoad.Browser(proxy);
        browser.signIn(jar, dbUrl);
        long thread;
        long since;
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("insert into threads (title, owner_id) select 'Faults', id from users where username = 'bench' returning id");
            rs.next();
            thread = rs.getLong(1);
            c.createStatement().execute("insert into thread_members (thread_id, user_id) select " + thread + ", id from users where username = 'bench'");
            rs = c.createStatement().executeQuery("select last_seq from change_counter");
            rs.next();
            since = rs.getLong(1);
        }
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        var open = new ArrayList<Page>();
        for (int i = 0; i < pages; i++) {
            open.add(new Page(http, proxy, "/live?topics=thread:" + thread, since, browser.cookie()).start());
            if (i % 200 == 199) {
                Thread.sleep(100);
            }
        }
        waitUntil(() -> open.stream().allMatch(p -> p.streaming), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "%d pages streaming thread:%d through nginx on :%d%n", pages, thread, proxy);

        var answers = new ConcurrentHashMap<String, AtomicInteger>();
        long killAt = 0;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        String victim = Files.readString(run.resolve("node1.pid")).strip();
        try (var posts = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= total; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (i == total / 3) {
                    new ProcessBuilder("kill", "-9", victim).inheritIO().start().waitFor();
                    killAt = System.nanoTime();
                    System.out.printf("killed node 1 (pid %s) with SIGKILL after %d messages%n", victim, i);
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
        Set<Long> committed = new HashSet<>();
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("select id from messages where thread_id = " + thread);
            while (rs.next()) {
                committed.add(rs.getLong(1));
            }
        }
        long settleStart = System.nanoTime();
        waitUntil(() -> open.stream().allMatch(p -> p.received.keySet().containsAll(committed)), Duration.ofSeconds(30));
        long allCaughtUp = System.nanoTime();
        long k = killAt;
        var dropped = open.stream().filter(p -> p.dropAt.get() >= k).toList();
        long backMs = dropped.stream().mapToLong(p -> p.backAt.get() > p.dropAt.get() ? (p.backAt.get() - k) / 1_000_000 : Long.MAX_VALUE).max().orElse(0);
        long lost = open.stream().mapToLong(p -> committed.stream().filter(id -> !p.received.containsKey(id)).count()).sum();
        long duplicated = open.stream().mapToLong(p -> p.duplicates.get()).sum();
        long extra = open.stream().mapToLong(p -> p.received.keySet().stream().filter(id -> !committed.contains(id)).count()).sum();
        System.out.printf(Locale.ROOT, "%n| scenario | pages | messages posted / committed | lost | duplicated | pages that lost their stream | all streaming again after kill | all caught up after last post |%n"
                        + "|---|---|---|---|---|---|---|---|%n| kill -9 one of 3 nodes | %d | %d / %d | %d | %d | %d | %d ms | %d ms |%n",
                pages, total, committed.size(), lost + extra, duplicated, dropped.size(), backMs,
                (allCaughtUp - settleStart) / 1_000_000);
        System.out.printf("Answers to the posts: %s (a post the dead node took may have committed or not: PostgreSQL says which did)%n",
                new java.util.TreeMap<>(answers));
        System.exit(lost + extra + duplicated == 0 ? 0 : 1);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * A page as a browser keeps it: one stream, reconnecting after the server's {@code retry:} (or
     * a jittered back-off when refused) with {@code Last-Event-ID}. Counts every message item it
     * is sent, and twice-sent ones.
     */
    private static final class Page {
        final ConcurrentHashMap<Long, Boolean> received = new ConcurrentHashMap<>();
        final AtomicInteger duplicates = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong dropAt = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong backAt = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean streaming;
        private final HttpClient http;
        private final int port;
        private final String path;
        private final long since;
        private final String cookie;
        private String lastEventId;

        Page(HttpClient http, int port, String path, long since, String cookie) {
            this.http = http;
            this.port = port;
            this.path = path;
            this.since = since;
            this.cookie = cookie;
        }

        Page start() {
            Thread.ofVirtual().start(this::run);
            return this;
        }

        private void run() {
            int failures = 0;
            while (true) {
                long retry;
                try {
                    retry = stream();
                    failures = retry < 0 ? failures + 1 : 0;
                } catch (Exception e) {
                    failures++;
                    retry = -1;
                }
                if (streaming) {
                    dropAt.set(System.nanoTime());
                }
                streaming = false;
                if (retry < 0) {
                    long cap = Math.min(500L << Math.min(failures - 1, 3), 4_000);
                    retry = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
                }
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private long stream() throws Exception {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + (lastEventId == null ? "&since=" + since : "")))
                    .header("Accept", "text/event-stream").header("Cookie", cookie);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                return -1;
            }
            streaming = true;
            backAt.set(System.nanoTime());
            long retry = 3_000;
            boolean inMessages = false;
            String pendingId = null;
            var lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    // As a browser does: the id counts once its event has been dispatched whole.
                    if (pendingId != null) {
                        lastEventId = pendingId;
                        pendingId = null;
                    }
                } else if (line.startsWith("id: ")) {
                    pendingId = line.substring(4).strip();
                } else if (line.startsWith("retry: ")) {
                    retry = Long.parseLong(line.substring(7).strip());
                } else if (line.startsWith("event: ")) {
                    inMessages = line.equals("event: messages");
                } else if (inMessages && line.startsWith("data: ")) {
                    var m = MESSAGE.matcher(line);
                    while (m.find()) {
                        if (received.put(Long.parseLong(m.group(1)), Boolean.TRUE) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            }
            return retry;
        }
    }

    private Faults() {
    }
}
