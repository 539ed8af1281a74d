package switchboard.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Many SSE streams on one node: each a plain socket read by a virtual thread of the bench JVM,
 * opened in chunks of 500. Each stream gets its own line reader from {@code readers}, so a
 * reader may keep per-stream state (the current event's name). Lines are split on the raw
 * bytes; a stream opened with {@code markers} decodes and passes on only its {@code event:} and
 * {@code id:} lines and the lines holding one of the markers (ASCII), so a reader that looks
 * for one figure in a large fragment (the dashboard's tiles) does not make the bench's own JVM
 * decode every line of every frame on the cores it shares with the node.
 */
final class Streams {
    private static final int CHUNK = 500;
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);

    private Streams() {
    }

    /** Opens {@code n} streams of {@code path}; returns how many answered 200. Sockets go to {@code sockets} when given. */
    static int open(int port, String path, String cookie, int n, Supplier<Consumer<String>> readers, List<Socket> sockets) throws InterruptedException {
        return open(port, path, cookie, n, readers, sockets, List.of());
    }

    /** As above; with {@code markers}, only event and id lines and the lines holding a marker reach the reader. */
    static int open(int port, String path, String cookie, int n, Supplier<Consumer<String>> readers, List<Socket> sockets, List<String> markers)
            throws InterruptedException {
        var wanted = markers.stream().map(m -> m.getBytes(StandardCharsets.US_ASCII)).toList();
        var connected = new AtomicInteger();
        var failed = new AtomicInteger();
        for (int from = 0; from < n; from += CHUNK) {
            int size = Math.min(CHUNK, n - from);
            var ready = new CountDownLatch(size);
            for (int i = 0; i < size; i++) {
                Thread.ofVirtual().start(() -> read(port, path, cookie, readers.get(), wanted, sockets, ready, connected, failed));
            }
            ready.await(60, TimeUnit.SECONDS);
            System.err.printf("streams connected: %d/%d (failed %d)%n", connected.get(), n, failed.get());
        }
        return connected.get();
    }

    private static void read(int port, String path, String cookie, Consumer<String> reader, List<byte[]> markers, List<Socket> sockets,
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
            var in = socket.getInputStream();
            byte[] buf = new byte[16384];
            int start = 0;
            int end = 0;
            boolean first = true;
            while (true) {
                if (end == buf.length) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    } else {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                }
                int got = in.read(buf, end, buf.length - end);
                if (got < 0) {
                    break;
                }
                int scan = end;
                end += got;
                for (int i = scan; i < end; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    int to = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    if (first) {
                        first = false;
                        if (!new String(buf, start, to - start, StandardCharsets.US_ASCII).contains(" 200")) {
                            failed.incrementAndGet();
                            ready.countDown();
                            return;
                        }
                        opened = true;
                        connected.incrementAndGet();
                        ready.countDown();
                    } else if (markers.isEmpty() || startsWith(buf, start, to, EVENT) || startsWith(buf, start, to, ID) || holds(buf, start, to, markers)) {
                        reader.accept(new String(buf, start, to - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                }
            }
            if (first) {
                failed.incrementAndGet();
                ready.countDown();
            }
        } catch (IOException e) {
            if (!opened) {
                failed.incrementAndGet();
                ready.countDown();
            }
        }
    }

    private static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(byte[] buf, int from, int to, List<byte[]> markers) {
        for (byte[] marker : markers) {
            for (int i = from; i <= to - marker.length; i++) {
                if (buf[i] == marker[0] && startsWith(buf, i, to, marker)) {
                    return true;
                }
            }
        }
        return false;
    }
}
