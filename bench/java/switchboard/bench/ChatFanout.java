package switchboard.bench;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Chat benchmark: one thread whose members have it open (each a stream on {@code thread:<id>}
 * and {@code threadsum:<id>}, as the chat page opens), and a member posting messages at a fixed
 * rate through {@code POST /chat/{id}/messages}. Reports delivery latency from sending the post
 * to each member's receipt of the pushed message (p50 / p99), and the node's database queries
 * per message, for each member count: it must not grow with the members. The baseline in the
 * same command is the smallest member count. (All streams use the poster's session: the hub's
 * work per message does not depend on who the viewers are.)
 *
 * <p>Usage: ChatFanout <jar> <messagesPerSecond> <seconds> <members...>
 */
public final class ChatFanout {
    private static final Pattern BENCH_ID = Pattern.compile("bench message (\\d+)");
    private static final Pattern QUERIES = Pattern.compile("\"queries\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        var rows = new StringBuilder();
        Double baseline = null;
        try (var node = BenchNode.start(jar, "c", 7300, 90, Map.of())) {
            String dbUrl = node.dbUrl;
            int port = node.port;
            var browser = new IngestLoad.Browser(port);
            browser.signIn(jar, dbUrl);
            for (int a = 3; a < args.length; a++) {
                int members = Integer.parseInt(args[a]);
                long thread = thread(dbUrl, members, a);
                var sent = new ConcurrentHashMap<Integer, Long>();
                var latencies = new SseFanout.Recorder();
                var done = new LongAdder();
                var open = new java.util.ArrayList<Socket>();
                int connected = openStreams(port, browser.cookie(), thread, members, sent, latencies, done, open);
                long queriesBefore = queries(browser);
                int posted = post(port, browser, thread, rate, seconds, sent);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (done.sum() < (long) posted * connected && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // Two reads of the metrics themselves are not the messages' work.
                double perMessage = (queries(browser) - queriesBefore - 1) / (double) posted;
                if (baseline == null) {
                    baseline = perMessage;
                }
                rows.append(String.format(Locale.ROOT, "| %d | %d | %d | %.0f / %.0f / %.0f | %.1f | %.2fx |%n", members, rate, connected,
                        latencies.percentile(50), latencies.percentile(99), latencies.percentile(100), perMessage, perMessage / baseline));
                for (Socket s : open) {
                    s.close();
                }
            }
            System.out.printf(Locale.ROOT, "%n| members with the thread open | messages/s | connected | delivery p50 / p99 / max ms | queries per message | vs %s members |%n|---|---|---|---|---|---|%n%s",
                    args[3], rows);
        }
        System.exit(0);
    }

    /** A thread owned by the bench admin with {@code members} other members, made directly. */
    private static long thread(String dbUrl, int members, int round) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("insert into threads (title, owner_id) select 'Bench " + members + "', id from users where username = 'bench' returning id");
            rs.next();
            long thread = rs.getLong(1);
            c.createStatement().execute("insert into users (username, display_name, role) select 'm" + round + "-' || g, 'Member ' || g, 'MEMBER' from generate_series(1, " + members + ") g");
            c.createStatement().execute("insert into thread_members (thread_id, user_id) select " + thread + ", id from users where username like 'm" + round + "-%' or username = 'bench'");
            return thread;
        }
    }

    /** Streams as the chat page opens them; each times the pushed messages against their posts. */
    private static int openStreams(int port, String cookie, long thread, int n, ConcurrentHashMap<Integer, Long> sent, SseFanout.Recorder latencies,
                                   LongAdder done, java.util.List<Socket> open) throws InterruptedException {
        return Streams.open(port, "/live?topics=thread:" + thread + ",threadsum:" + thread, cookie, n, () -> new Consumer<String>() {
            private boolean inMessages;

            @Override
            public void accept(String line) {
                if (line.startsWith("event: ")) {
                    inMessages = line.equals("event: messages");
                } else if (inMessages && line.startsWith("data: ")) {
                    var m = BENCH_ID.matcher(line);
                    while (m.find()) {
                        Long at = sent.get(Integer.parseInt(m.group(1)));
                        if (at != null) {
                            latencies.record(0, System.nanoTime() - at);
                            done.increment();
                        }
                    }
                }
            }
        }, open);
    }

    private static int post(int port, IngestLoad.Browser browser, long thread, int rate, int seconds, ConcurrentHashMap<Integer, Long> sent) throws Exception {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var http = HttpClient.newHttpClient();
        for (int i = 1; i <= total; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            workers.submit(() -> {
                sent.put(n, System.nanoTime());
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/" + thread + "/messages"))
                        .header("Cookie", browser.cookie()).header("HX-Request", "true").header("pac4jCsrfToken", browser.csrf())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("body=bench+message+" + n)).build();
                var response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    System.err.println("post answered " + response.statusCode());
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);
        return total;
    }

    static long queries(IngestLoad.Browser browser) throws Exception {
        var m = QUERIES.matcher(browser.get("/admin/metrics"));
        if (!m.find()) {
            throw new IllegalStateException("no query count from /admin/metrics");
        }
        return Long.parseLong(m.group(1));
    }
}
