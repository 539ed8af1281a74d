package switchboard.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The fan-out's second baseline: nchan (nginx's pub/sub module, Debian's libnginx-mod-nchan), a C
 * server that only relays messages, under the same load from the same client. nginx runs in the
 * foreground with a conf of its own under target/nchan-&lt;port&gt; (one channel, an EventSource
 * subscriber location and a publisher location), the same {@link Streams} open the subscribers,
 * and one publisher POSTs the messages at the same rate as the Switchboard phase commits, timed
 * just before each POST as a commit is timed just before it is sent.
 */
final class NchanBaseline {
    static final Path MODULE = Path.of(System.getenv().getOrDefault("NCHAN_MODULE", "/usr/lib/nginx/modules/ngx_nchan_module.so"));

    /** What one fan-out phase measured: latencies in the recorder, per-subscriber last event ids. */
    record Phase(int connected, int events, double sendSeconds, long lastEvent, SseFanout.Recorder latencies, List<AtomicLong> lastSeen, double cpuShare) {
        /** Share of subscribers × events that arrived. */
        double deliveredShare() {
            return latencies.count() / (double) Math.max(1L, (long) connected * events);
        }

        /** Subscribers whose last event is the run's last: they hold the final state. */
        long holdingLast() {
            return lastSeen.stream().filter(seen -> seen.get() == lastEvent).count();
        }
    }

    private NchanBaseline() {
    }

    /** Why the baseline cannot run on this machine, or null when it can. */
    static String missing() {
        if (nginx() == null) {
            return "no nginx binary on PATH or in /usr/sbin";
        }
        if (!Files.isReadable(MODULE)) {
            return MODULE + " not found (apt-get install libnginx-mod-nchan, or set NCHAN_MODULE)";
        }
        return null;
    }

    private static Path nginx() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nginx"))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    static Phase run(int subscribers, int rate, int seconds) throws Exception {
        String fixed = System.getenv("NCHAN_PORT");
        int port = fixed != null && !fixed.isBlank() ? Integer.parseInt(fixed.trim()) : 8400 + (int) (ProcessHandle.current().pid() % 500);
        Path dir = Path.of("target", "nchan-" + port).toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("nginx.conf"), conf(dir, port, subscribers));
        Process nginx = new ProcessBuilder(nginx().toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        // A bench killed by its timeout (SIGTERM) runs this, not the finally below.
        Thread stopOnExit = new Thread(() -> stop(nginx));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        var sockets = new ArrayList<Socket>();
        boolean clean = false;
        try {
            awaitListening(nginx, port, dir);
            var publishedNanos = new ConcurrentHashMap<Long, Long>();
            var latencies = new SseFanout.Recorder();
            var lastSeen = new ConcurrentLinkedQueue<AtomicLong>();
            int connected = Streams.open(port, "/sub", null, subscribers, () -> reader(publishedNanos, latencies, lastSeen), sockets);
            long cpuBefore = cpuMillis(nginx);
            long sendStart = System.nanoTime();
            int published = publishAtRate(port, rate, seconds, publishedNanos);
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            SseFanout.awaitDelivery(latencies::lastSeq, latencies::count, published);
            double cpuShare = (cpuMillis(nginx) - cpuBefore) / ((System.nanoTime() - sendStart) / 1e6) / Runtime.getRuntime().availableProcessors();
            clean = true;
            return new Phase(connected, published, sendSeconds, published, latencies, List.copyOf(lastSeen), cpuShare);
        } finally {
            SseFanout.closeAll(sockets);
            stop(nginx);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            if (clean) {
                deleteTree(dir);
            } else {
                System.err.println("nchan baseline failed; nginx's files are in " + dir);
            }
        }
    }

    /**
     * One channel; subscribers never time out and get only messages published after they
     * connected. Two workers (one per core) with reuseport to spread the accepts; a worker has
     * room for every subscriber in case the kernel hands it all of them (one descriptor each,
     * well under the container's hard limit of 20,000 at 10,000 subscribers).
     */
    private static String conf(Path dir, int port, int subscribers) {
        return """
                load_module %s;
                daemon off;
                worker_processes auto;
                worker_rlimit_nofile %d;
                pid %s/nginx.pid;
                events { worker_connections %d; }
                http {
                  access_log off;
                  client_body_temp_path %s/tmp;
                  server {
                    listen 127.0.0.1:%d backlog=4096 reuseport;
                    location = /sub {
                      nchan_subscriber eventsource;
                      nchan_channel_id bench;
                      nchan_subscriber_first_message newest;
                      nchan_subscriber_timeout 0;
                    }
                    location = /pub {
                      nchan_publisher;
                      nchan_channel_id bench;
                    }
                  }
                }
                """.formatted(MODULE, subscribers + 1024, dir, subscribers + 512, dir, port);
    }

    /**
     * Each stream notes when an event's {@code id:} line arrives (where the Switchboard phase
     * stops its clock) and takes the message's number from the {@code data:} line after it.
     */
    private static Consumer<String> reader(ConcurrentHashMap<Long, Long> publishedNanos, SseFanout.Recorder latencies, ConcurrentLinkedQueue<AtomicLong> lastSeen) {
        var last = new AtomicLong();
        lastSeen.add(last);
        long[] idAt = {0};
        return line -> {
            if (line.startsWith("id: ")) {
                idAt[0] = System.nanoTime();
            } else if (line.startsWith("data: ")) {
                long n = Long.parseLong(line.substring(6).trim());
                Long sent = publishedNanos.get(n);
                if (sent != null) {
                    latencies.record(n, idAt[0] - sent);
                    last.set(n);
                }
            }
        };
    }

    /**
     * One publisher at the Switchboard phase's rate: one POST at a time on a kept-alive HTTP/1.1
     * connection, as the commits go one at a time on one JDBC connection, each timed just before
     * it is sent. nchan answers a POST only after the message has gone out to its subscribers
     * (a tenth of a second and more a message at 10,000 on 2 cores), so at 10,000 this publisher
     * falls behind the rate (4.3 a second in the README's run) and "events sent/s" says so.
     * PUBLISHERS &gt; 1 sends the POSTs on time from that many threads instead, each timed when handed over; at
     * 1,000 subscribers concurrent POSTs (sendAsync, then 32 threads) gave nchan p99s of 0.7 and
     * 3.2 s against 0.24 and 0.05 s with one sender.
     */
    private static int publishAtRate(int port, int rate, int seconds, ConcurrentHashMap<Long, Long> publishedNanos) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var uri = URI.create("http://127.0.0.1:" + port + "/pub");
        int publishers = Integer.parseInt(System.getenv().getOrDefault("PUBLISHERS", "1").trim());
        if (publishers == 1) {
            return SseFanout.atRate(rate, seconds, "published", i -> {
                publishedNanos.put((long) i, System.nanoTime());
                checkAnswer(post(http, uri, i), i);
            });
        }
        var answers = new ArrayList<Future<Integer>>();
        var senders = Executors.newFixedThreadPool(publishers);
        try {
            int published = SseFanout.atRate(rate, seconds, "published", i -> {
                publishedNanos.put((long) i, System.nanoTime());
                answers.add(senders.submit(() -> post(http, uri, i)));
            });
            for (int i = 0; i < answers.size(); i++) {
                checkAnswer(answers.get(i).get(120, TimeUnit.SECONDS), i + 1);
            }
            return published;
        } finally {
            senders.shutdownNow();
        }
    }

    private static int post(HttpClient http, URI uri, int message) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(String.valueOf(message))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void checkAnswer(int status, int message) {
        if (status != 201 && status != 202) {
            throw new IllegalStateException("nchan answered " + status + " to publish " + message);
        }
    }

    private static void awaitListening(Process nginx, int port, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")).strip()
                        + " " + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")).strip() : ""));
            }
            try (var probe = new Socket("127.0.0.1", port)) {
                System.err.println("nchan up on port " + port + " (" + dir + ")");
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " in 10 s; see " + dir);
    }

    /** nginx's master and its workers, user + system, in milliseconds. */
    private static long cpuMillis(Process nginx) throws IOException {
        long total = SseFanout.cpuMillis(nginx.pid());
        for (var worker : nginx.descendants().toList()) {
            try {
                total += SseFanout.cpuMillis(worker.pid());
            } catch (IOException exited) {
                // a worker gone between the listing and the read
            }
        }
        return total;
    }

    /**
     * SIGTERM (nginx's fast shutdown: the master stops its workers); a worker outlives a master
     * killed with SIGKILL, so the workers are listed first and killed too if the master hangs.
     */
    private static void stop(Process nginx) {
        var workers = nginx.descendants().toList();
        nginx.destroy();
        try {
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        } catch (InterruptedException e) {
            nginx.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
