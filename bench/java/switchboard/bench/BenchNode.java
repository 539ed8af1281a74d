package switchboard.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node under test: a fresh database of its own and the node's jar started on it, in its own JVM. */
final class BenchNode implements AutoCloseable {
    final String dbUrl;
    final int port;
    Process server;
    /** The database's name. */
    final String db;
    private final Map<String, String> env;
    /** False for a database the bench was given (seeded once, reused): it is left as it was found. */
    private final boolean owned;

    private BenchNode(String db, String dbUrl, int port, Process server, Map<String, String> env, boolean owned) {
        this.db = db;
        this.dbUrl = dbUrl;
        this.port = port;
        this.server = server;
        this.env = env;
        this.owned = owned;
    }

    /** A node on an existing database (e.g. one seeded with a million rows once), which close() does not drop. */
    static BenchNode existing(Path jar, String db, int portBase, int portSpread, Map<String, String> env) throws Exception {
        String dbUrl = SseFanout.ADMIN.replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        int port = port(portBase, portSpread);
        return new BenchNode(db, dbUrl, port, SseFanout.startServer(jar, dbUrl, port, env), env, false);
    }

    /** Starts the node again on the same database (after the bench has loaded it with the node stopped). */
    void restart(Path jar) throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        server = SseFanout.startServer(jar, dbUrl, port, env);
    }

    /** {@code tag} tells the benchmarks' databases apart; ports are spread by pid so parallel runs do not collide. */
    static BenchNode start(Path jar, String tag, int portBase, int portSpread, Map<String, String> env) throws Exception {
        long pid = ProcessHandle.current().pid();
        String db = "sbbench_" + tag + pid;
        String dbUrl = SseFanout.ADMIN.replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        SseFanout.admin("create database " + db);
        int port = port(portBase, portSpread);
        try {
            return new BenchNode(db, dbUrl, port, SseFanout.startServer(jar, dbUrl, port, env), env, true);
        } catch (Exception e) {
            SseFanout.admin("drop database if exists " + db + " with (force)");
            throw e;
        }
    }

    /** BENCH_PORT when set (a port range assigned to whoever runs the bench), else spread by pid. */
    private static int port(int portBase, int portSpread) {
        String fixed = System.getenv("BENCH_PORT");
        if (fixed != null && !fixed.isBlank()) {
            return Integer.parseInt(fixed.trim());
        }
        return portBase + (int) (ProcessHandle.current().pid() % portSpread);
    }

    /**
     * Starts a Flight Recording in the node ({@code jcmd JFR.start}) with the profile settings and
     * every socket read and write recorded (threshold 0, no throttle): the reads on the database's socket are
     * the round trips and the time spent waiting on PostgreSQL.
     */
    void startRecording(String name, Path file) throws Exception {
        jcmd("JFR.start", "name=" + name, "settings=profile", "jdk.SocketRead#threshold=0ms", "jdk.SocketWrite#threshold=0ms",
                // The profile settings sample socket events at 300/s: off, so every round trip is recorded.
                "jdk.SocketRead#throttle=off", "jdk.SocketWrite#throttle=off",
                // A sample every millisecond rather than every 10: enough samples in a 10 s run to rank methods.
                "jdk.ExecutionSample#period=1ms",
                "filename=" + file.toAbsolutePath());
    }

    void stopRecording(String name) throws Exception {
        jcmd("JFR.stop", "name=" + name);
    }

    private void jcmd(String... args) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of("jcmd", String.valueOf(server.pid())));
        command.addAll(java.util.List.of(args));
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || out.contains("Could not") || out.contains("rror")) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
        System.err.print(out);
    }

    /** The token the bench's nodes are started with, so it can read their /metrics. */
    static final String METRICS_TOKEN = "bench-metrics-token-0123456789abcdef0123456789";

    /**
     * A percentile of one of the node's timers, from its Prometheus histogram on /metrics (the
     * upper bound of the first bucket that holds the share), in milliseconds; NaN when the node
     * has no samples. Shows what the node itself measured: e.g. commit to dispatch
     * ({@code switchboard_listener_lag_seconds}) apart from what the bench's client adds.
     */
    double percentileMillis(String timer, double share) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build();
        String body = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var bounds = new java.util.ArrayList<double[]>();
        var m = java.util.regex.Pattern.compile("(?m)^" + timer + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.E+-]+)$").matcher(body);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            bounds.add(new double[] {le, Double.parseDouble(m.group(2))});
        }
        if (bounds.isEmpty() || bounds.getLast()[1] == 0) {
            return Double.NaN;
        }
        bounds.sort(java.util.Comparator.comparingDouble(b -> b[0]));
        double total = bounds.getLast()[1];
        for (double[] b : bounds) {
            if (b[1] >= share * total) {
                return b[0] * 1000;
            }
        }
        return Double.NaN;
    }

    long cpuMillis() throws java.io.IOException {
        return SseFanout.cpuMillis(server.pid());
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        server.destroyForcibly();
        if (owned) {
            SseFanout.admin("drop database if exists " + db + " with (force)");
        }
    }
}
