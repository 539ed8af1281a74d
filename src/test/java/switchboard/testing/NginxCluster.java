package switchboard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;

/**
 * A real cluster on loopback, as {@code bin/cluster} runs one: three nodes, each its own JVM
 * process (so one can be killed with SIGKILL), behind Debian's nginx with the configuration
 * {@code bin/nginx-conf} prints, run unprivileged in the foreground. The nodes run from the test
 * classpath (tests run before the jar is packaged); logs and nginx.conf are under {@link #run()}.
 */
public final class NginxCluster implements AutoCloseable {
    public static final int NODES = 3;
    private static final Duration READY = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final DatabaseUrl url;
    private final Path run;
    private final int proxyPort;
    private final int[] nodePorts = new int[NODES];
    private final Process[] nodes = new Process[NODES];
    private final Thread cleanup = new Thread(this::close, "nginx-cluster-cleanup");
    private Process nginx;

    private NginxCluster(DatabaseUrl url, Path run) throws IOException {
        this.url = url;
        this.run = run;
        this.proxyPort = freePort();
        for (int i = 0; i < NODES; i++) {
            nodePorts[i] = freePort();
        }
    }

    /** Migrates {@code url}'s database, starts the three nodes and nginx, and waits until nginx answers ready. */
    public static NginxCluster start(DatabaseUrl url) throws IOException {
        Path nginx = nginxBinary();
        Database.open(url, 2).close();
        Path run = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nginx-cluster-");
        var cluster = new NginxCluster(url, run);
        Runtime.getRuntime().addShutdownHook(cluster.cleanup);
        try {
            for (int i = 0; i < NODES; i++) {
                cluster.startNode(i);
            }
            for (int i = 0; i < NODES; i++) {
                cluster.awaitReady(i);
            }
            cluster.startNginx(nginx);
            return cluster;
        } catch (RuntimeException | IOException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static Path nginxBinary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("The cluster tests run nginx and it is not installed: run 'sudo apt-get install nginx-light' "
                + "(Debian's package; bin/test and .ci/run install it when run as root) and try again.");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** nginx's port: what browsers use. */
    public int port() {
        return proxyPort;
    }

    /** Where the logs and nginx.conf are, for a failing test's message. */
    public Path run() {
        return run;
    }

    /** Starts node {@code i} (again) on its port; {@link #awaitReady} waits for it. */
    public void startNode(int i) throws IOException {
        // A short-lived node starts sooner compiling with C1 only (a class-data archive would help
        // more, but the JVM archives no classes loaded from a directory such as target/classes).
        var node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-cp", nodeClasspath(), "switchboard.Main")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("node" + i + ".log").toFile()));
        var env = node.environment();
        env.put("PORT", Integer.toString(nodePorts[i]));
        env.put("DATABASE_URL", jdbcUrlWithCredentials());
        env.put("PUBLIC_URL", "http://127.0.0.1:" + proxyPort);
        env.put("TRUSTED_PROXIES", "127.0.0.1");
        env.put("DATA_DIR", run.resolve("data").toString());
        // The tests' pages are one person's: the per-account cap is for people.
        env.put("LIVE_STREAMS_PER_ACCOUNT", "1000");
        nodes[i] = node.start();
    }

    /** The test classpath without the test-only jars (a node needs none of them, and fewer jars load sooner). */
    private static String nodeClasspath() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var testOnly = List.of("test-classes", "/com/microsoft/playwright/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/",
                "/com/google/zxing/", "/org/apache/maven/surefire/");
        return java.util.Arrays.stream(all.split(java.io.File.pathSeparator))
                .filter(entry -> testOnly.stream().noneMatch(entry::contains))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private String jdbcUrlWithCredentials() {
        var sb = new StringBuilder(url.jdbcUrl());
        char sep = url.jdbcUrl().contains("?") ? '&' : '?';
        if (url.user() != null && !url.jdbcUrl().contains("user=")) {
            sb.append(sep).append("user=").append(URLEncoder.encode(url.user(), StandardCharsets.UTF_8));
            sep = '&';
        }
        if (url.password() != null && !url.jdbcUrl().contains("password=")) {
            sb.append(sep).append("password=").append(URLEncoder.encode(url.password(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** Waits until node {@code i} answers /health/ready with 200; fails at once if its process ended. */
    public void awaitReady(int i) {
        Wait.until("node " + i + " on port " + nodePorts[i] + " to be ready (log: " + run.resolve("node" + i + ".log") + ")", () -> {
            if (!nodes[i].isAlive()) {
                throw new AssertionError("node " + i + " exited with " + nodes[i].exitValue() + "; see " + run.resolve("node" + i + ".log"));
            }
            return answers200(nodePorts[i], "/health/ready");
        }, READY);
    }

    /** SIGKILL: the node's process ends with no drain, its connections reset by the kernel. */
    public void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly();
        if (!nodes[i].waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + i + " still runs 10 s after SIGKILL");
        }
    }

    /** SIGTERM: the node drains (not ready, streams told to reconnect elsewhere) and exits. */
    public void stop(int i, Duration timeout) throws InterruptedException {
        nodes[i].destroy();
        if (!nodes[i].waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node " + i + " did not exit within " + timeout + " of SIGTERM; see " + run.resolve("node" + i + ".log"));
        }
    }

    /** Starts again every node that is not running and waits until all are ready: each test begins with three. */
    public void ensureAllUp() throws IOException {
        for (int i = 0; i < NODES; i++) {
            if (!nodes[i].isAlive()) {
                startNode(i);
            }
        }
        for (int i = 0; i < NODES; i++) {
            awaitReady(i);
        }
    }

    private void startNginx(Path binary) throws IOException {
        Path dir = run.resolve("nginx");
        Files.createDirectories(dir.resolve("tmp"));
        var args = new ArrayList<>(List.of("bash", "bin/nginx-conf", run.toString(), Integer.toString(proxyPort)));
        for (int port : nodePorts) {
            args.add(Integer.toString(port));
        }
        var conf = new ProcessBuilder(args).redirectOutput(dir.resolve("nginx.conf").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            if (!conf.waitFor(10, TimeUnit.SECONDS) || conf.exitValue() != 0) {
                throw new AssertionError("bin/nginx-conf failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted writing nginx.conf");
        }
        var command = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            // As bin/cluster does: never run a proxy as root; nobody owns its files.
            run.toFile().setExecutable(true, false);
            var chown = new ProcessBuilder("chown", "-R", "65534:65534", dir.toString()).inheritIO().start();
            try {
                chown.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(binary.toString(), "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString()));
        nginx = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(run.resolve("nginx.out").toFile()).start();
        Wait.until("nginx on port " + proxyPort + " to answer ready (see " + dir + ")", () -> {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited with " + nginx.exitValue() + "; see " + run.resolve("nginx.out") + " and " + dir);
            }
            return answers200(proxyPort, "/health/ready");
        }, Duration.ofSeconds(20));
    }

    private static boolean answers200(int port, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** nginx first (SIGTERM: its workers go with it), then every node, each given 15 s to drain. */
    @Override
    public synchronized void close() {
        var all = new ArrayList<Process>();
        if (nginx != null) {
            all.add(nginx);
        }
        for (Process node : nodes) {
            if (node != null) {
                all.add(node);
            }
        }
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }
}
