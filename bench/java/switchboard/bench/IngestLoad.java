package switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import switchboard.testing.PokerSimulator;

/**
 * Ingest benchmark: a node on a fresh database, 16 game-server clients each playing its own
 * table through POST /ingest/v1/events as fast as answers come, and 1,000 signed-in viewers
 * on the tables' live pages. Four runs: single events and batches of 100, each without and
 * with 10% of requests retried (the same request sent again, answered 204 with no change).
 * The baseline, in the same command, is single events with no viewer connected, after an
 * untimed warm-up of the node (INGEST_WARMUP seconds of single events, 5 by default).
 *
 * <p>Usage: IngestLoad <jar> <clients> <viewers> <seconds per run>
 */
public final class IngestLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One game server per client, playing the same table through every run. */
    private static PokerSimulator[] sims;
    private static List<List<ObjectNode>> pendings;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        int viewers = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        try (var node = BenchNode.start(jar, "i", 7900, 90, Map.of("API_RATE", "1000000", "MAX_BODY_BYTES", "4194304",
                // The viewers share the bench admin's account: the cap of 20 streams per account would refuse all but 20.
                "LIVE_STREAMS_PER_ACCOUNT", String.valueOf(Math.max(20, viewers + 10))))) {
            int port = node.port;
            var admin = new Browser(port);
            admin.signIn(jar, node.dbUrl);
            String key = admin.apiKey();

            sims = new PokerSimulator[clients];
            pendings = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sims[c] = new PokerSimulator("bench-" + c, 6, c);
                pendings.add(new ArrayList<>(sims[c].open()));
            }
            var results = new ArrayList<String>();
            int round = 0;
            // INGEST_JFR=<file>: a Flight Recording of the node during the baseline run only (single events, no viewers).
            String jfr = System.getenv("INGEST_JFR");
            // The node has just started: its first seconds of ingest run interpreted code (jOOQ, Jackson, Jetty) while
            // the JIT compiles it, which made the baseline the slowest run of every command. An untimed warm-up of
            // single events (INGEST_WARMUP seconds, 5 by default; 0: none) comes first and is not reported.
            int warmup = Integer.parseInt(System.getenv().getOrDefault("INGEST_WARMUP", "5").trim());
            if (warmup > 0) {
                run(port, key, clients, warmup, 1, 0, round++, null);
            }
            long queriesBefore = ChatFanout.queries(admin);
            if (jfr != null && !jfr.isBlank()) {
                node.startRecording("ingest", Path.of(jfr));
            }
            long baselineCpu = node.cpuMillis();
            Run baseline = run(port, key, clients, seconds, 1, 0, round++, null);
            baseline.cpuMillis = node.cpuMillis() - baselineCpu;
            if (jfr != null && !jfr.isBlank()) {
                node.stopRecording("ingest");
            }
            System.err.printf(Locale.ROOT, "baseline: %.2f statements per request (node's jOOQ count, background jobs included)%n",
                    (ChatFanout.queries(admin) - queriesBefore) / (double) Math.max(1, baseline.requests.sum()));
            // INGEST_ONLY=baseline: the single-event run without viewers only (profiling, before/after comparisons).
            boolean baselineOnly = "baseline".equals(System.getenv("INGEST_ONLY"));
            results.add(baseline.row("single events, no viewers (baseline)", baseline));
            var delivered = new LongAdder();
            int connected = baselineOnly ? 0 : openViewers(port, admin.cookie(), clients, viewers, delivered);
            for (int batch : baselineOnly ? new int[0] : new int[] {1, 100}) {
                for (int retryPercent : new int[] {0, 10}) {
                    delivered.reset();
                    long cpuBefore = node.cpuMillis();
                    Run r = run(port, key, clients, seconds, batch, retryPercent, round++, delivered);
                    r.cpuMillis = node.cpuMillis() - cpuBefore;
                    results.add(r.row((batch == 1 ? "single events" : "batches of " + batch) + ", " + connected + " viewers"
                            + (retryPercent > 0 ? ", " + retryPercent + "% retried" : ""), baseline));
                }
            }
            System.out.println(header(clients, seconds));
            results.forEach(System.out::println);
        }
        System.exit(0);
    }

    private static String header(int clients, int seconds) {
        return String.format(Locale.ROOT, "%n| ingest (%d clients, %d s per run, %d cores) | requests/s | events/s | p50 / p99 ms to 204 | events/s vs baseline | events delivered to viewers/s | server CPU | node CPU ms per request |%n|---|---|---|---|---|---|---|---|",
                clients, seconds, Runtime.getRuntime().availableProcessors());
    }

    static final class Run {
        final SseFanout.Recorder latency = new SseFanout.Recorder();
        final LongAdder requests = new LongAdder();
        final LongAdder events = new LongAdder();
        final AtomicInteger errors = new AtomicInteger();
        int seconds;
        LongAdder delivered;
        /** The node's CPU (user + system) during the run; -1 when not measured. */
        long cpuMillis = -1;

        String row(String name, Run baseline) {
            double eps = events.sum() / (double) seconds;
            double baseEps = baseline.events.sum() / (double) baseline.seconds;
            return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f / %.1f | %.2fx | %s | %s | %s |%s",
                    name, requests.sum() / (double) seconds, eps, latency.percentile(50), latency.percentile(99), eps / baseEps,
                    delivered == null ? "–" : String.format(Locale.ROOT, "%.0f", delivered.sum() / (double) seconds),
                    cpuMillis < 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * cpuMillis / (seconds * 1000.0) / Runtime.getRuntime().availableProcessors()),
                    cpuMillis < 0 ? "–" : String.format(Locale.ROOT, "%.2f", cpuMillis / (double) Math.max(1, requests.sum())),
                    errors.get() > 0 ? " (" + errors.get() + " errors!)" : "");
        }
    }

    /** Each client plays its own table for {@code seconds}; a table per client per round. */
    private static Run run(int port, String key, int clients, int seconds, int batch, int retryPercent, int round, LongAdder delivered) throws Exception {
        var r = new Run();
        r.seconds = seconds;
        r.delivered = delivered;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                var http = HttpClient.newHttpClient();
                var random = new Random(client * 31L + round);
                var sim = sims[client];
                var pending = pendings.get(client);
                while (System.nanoTime() < end) {
                    while (pending.size() < batch) {
                        pending.addAll(sim.playHand());
                    }
                    var events = new ArrayList<>(pending.subList(0, batch));
                    pending.subList(0, batch).clear();
                    Object body = batch == 1 ? events.getFirst() : events;
                    post(http, port, key, body, r, events.size());
                    if (random.nextInt(100) < retryPercent) {
                        post(http, port, key, body, r, 0);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.err.printf(Locale.ROOT, "run batch=%d retries=%d%%: %d requests, %d events%n", batch, retryPercent, r.requests.sum(), r.events.sum());
        return r;
    }

    private static void post(HttpClient http, int port, String key, Object body, Run r, int newEvents) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            long start = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            r.latency.record(0, System.nanoTime() - start);
            r.requests.increment();
            if (response.statusCode() != 204) {
                if (r.errors.incrementAndGet() < 5) {
                    System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
                }
                return;
            }
            r.events.add(newEvents);
        } catch (Exception e) {
            r.errors.incrementAndGet();
        }
    }

    /** Viewers spread evenly over the tables' topics; each counts the events it receives. */
    private static int openViewers(int port, String cookie, int tables, int viewers, LongAdder delivered) throws InterruptedException {
        int connected = 0;
        for (int t = 0; t < tables; t++) {
            int n = viewers / tables + (t < viewers % tables ? 1 : 0);
            connected += Streams.open(port, "/live?topics=table:bench-" + t, cookie, n, () -> line -> {
                if (line.startsWith("id: ")) {
                    delivered.increment();
                }
            }, null);
        }
        return connected;
    }

    /** The admin's browser: signs in, makes an API key on /admin/keys. */
    static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final int port;
        private String cookie = "";
        private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();
        private String csrf = "";

        Browser(int port) {
            this.port = port;
        }

        String cookie() {
            return cookie;
        }

        String csrf() {
            return csrf;
        }

        String get(String path) throws Exception {
            return send("GET", path, null).body();
        }

        void signIn(Path jar, String dbUrl) throws Exception {
            var pb = new ProcessBuilder("java", "-jar", jar.toString(), "create-admin", "bench").redirectErrorStream(true);
            pb.environment().put("DATABASE_URL", dbUrl);
            pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", "bench password 1");
            var p = pb.start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            send("GET", "/login", null);
            var r = send("POST", "/callback?client_name=FormClient", "username=bench&password=" + URLEncoder.encode("bench password 1", StandardCharsets.UTF_8) + "&pac4jCsrfToken=" + csrf);
            if (r.statusCode() != 303) {
                throw new IllegalStateException("sign-in failed: " + r.statusCode());
            }
            send("GET", "/admin/keys", null);
        }

        String apiKey() throws Exception {
            var r = send("POST", "/admin/keys", "name=bench&pac4jCsrfToken=" + csrf);
            if (r.statusCode() == 303) {
                // Post, redirect, get: the new key is shown once, on the page the answer names.
                r = send("GET", r.headers().firstValue("Location").orElse("/admin/keys"), null);
            }
            var m = Pattern.compile("value=\"(sbk_[^\"]+)\"").matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException("no key in the answer: " + r.statusCode());
            }
            return m.group(1);
        }

        private HttpResponse<String> send(String method, String path, String form) throws Exception {
            var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Cookie", cookie);
            if (form != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
            }
            b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // Every cookie, as a browser keeps them: behind a balancer the visitor cookie that signs
            // the login form's token must come back, whichever node answers next.
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
                cookies.put(pair.substring(0, pair.indexOf('=')), pair);
            }
            cookie = String.join("; ", cookies.values());
            var m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">").matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }
    }

}
