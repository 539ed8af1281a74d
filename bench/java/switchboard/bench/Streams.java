package switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Many SSE streams on one node: each a plain socket read line by line by a virtual thread of
 * the bench JVM, opened in chunks of 500. Each stream gets its own line reader from
 * {@code readers}, so a reader may keep per-stream state (the current event's name).
 */
final class Streams {
    private static final int CHUNK = 500;

    private Streams() {
    }

    /** Opens {@code n} streams of {@code path}; returns how many answered 200. Sockets go to {@code sockets} when given. */
    static int open(int port, String path, String cookie, int n, Supplier<Consumer<String>> readers, List<Socket> sockets) throws InterruptedException {
        var connected = new AtomicInteger();
        var failed = new AtomicInteger();
        for (int from = 0; from < n; from += CHUNK) {
            int size = Math.min(CHUNK, n - from);
            var ready = new CountDownLatch(size);
            for (int i = 0; i < size; i++) {
                Thread.ofVirtual().start(() -> read(port, path, cookie, readers.get(), sockets, ready, connected, failed));
            }
            ready.await(60, TimeUnit.SECONDS);
            System.err.printf("streams connected: %d/%d (failed %d)%n", connected.get(), n, failed.get());
        }
        return connected.get();
    }

    private static void read(int port, String path, String cookie, Consumer<String> reader, List<Socket> sockets,
                             CountDownLatch ready, AtomicInteger connected, AtomicInteger failed) {
        boolean opened = false;
        try (var socket = new Socket("127.0.0.1", port)) {
            if (sockets != null) {
                synchronized (sockets) {
                    sockets.add(socket);
                }
            }
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 8192);
            String status = in.readLine();
            if (status == null || !status.contains(" 200")) {
                failed.incrementAndGet();
                ready.countDown();
                return;
            }
            opened = true;
            connected.incrementAndGet();
            ready.countDown();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reader.accept(line);
            }
        } catch (IOException e) {
            if (!opened) {
                failed.incrementAndGet();
                ready.countDown();
            }
        }
    }
}
