package switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Opens {@code n} HTTP connections from one platform thread and one selector: each writes its
 * raw request and reads only until the end of the response's headers, then is left open and
 * unread. The connect bench used a virtual thread, a Socket and a BufferedReader per connection,
 * which cost this process about as much CPU as the node's own work on the same two cores; here a
 * connect costs a few system calls.
 */
final class RawConnects {
    /** What a run saw: per connection the nanoseconds from its connect to the end of its headers (0: failed). */
    record Result(int ok, int failed, long firstNanos, long lastOkNanos, long[] connectNanos, List<SocketChannel> open) {
        void closeAll() {
            for (SocketChannel channel : open) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** One connection waiting for its answer: the request still to write and how far the header's end is matched. */
    private static final class Pending {
        final int index;
        final long started;
        final ByteBuffer request;
        /** The status line's first bytes ("HTTP/1.1 200"). */
        final StringBuilder status = new StringBuilder(16);
        boolean statusDone;
        /** How many bytes of CR LF CR LF have been matched so far. */
        int matched;

        Pending(int index, long started, ByteBuffer request) {
            this.index = index;
            this.started = started;
            this.request = request;
        }
    }

    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    private RawConnects() {
    }

    /** Opens {@code n} connections, {@code inFlight} at most still waiting for their headers; gives up after {@code timeoutNanos}. */
    static Result open(int port, IntFunction<String> request, int n, int inFlight, long timeoutNanos) throws IOException {
        var address = new InetSocketAddress("127.0.0.1", port);
        var open = new ArrayList<SocketChannel>(n);
        long[] connectNanos = new long[n];
        int ok = 0;
        int failed = 0;
        int waiting = 0;
        int next = 0;
        long lastOk = 0;
        var buffer = ByteBuffer.allocateDirect(8192);
        long start = System.nanoTime();
        try (Selector selector = Selector.open()) {
            while (ok + failed < n && System.nanoTime() - start < timeoutNanos) {
                while (next < n && waiting < inFlight) {
                    var pending = new Pending(next, System.nanoTime(),
                            ByteBuffer.wrap(request.apply(next).getBytes(StandardCharsets.US_ASCII)));
                    next++;
                    try {
                        SocketChannel channel = SocketChannel.open();
                        open.add(channel);
                        channel.configureBlocking(false);
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        boolean connected = channel.connect(address);
                        channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, pending);
                        waiting++;
                    } catch (IOException e) {
                        failed = fail(failed, "connect failed: " + e);
                    }
                }
                selector.select(100);
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    var pending = (Pending) key.attachment();
                    var channel = (SocketChannel) key.channel();
                    int outcome; // 0 still waiting, 1 streaming, -1 failed
                    try {
                        outcome = step(key, channel, pending, buffer);
                    } catch (IOException e) {
                        outcome = -1;
                        if (failed < 3) {
                            System.err.println("connect failed: " + e);
                        }
                    }
                    if (outcome == 0) {
                        continue;
                    }
                    waiting--;
                    if (outcome == 1 && pending.status.toString().startsWith("HTTP/1.1 200")) {
                        long now = System.nanoTime();
                        connectNanos[pending.index] = now - pending.started;
                        lastOk = now;
                        ok++;
                        // Streaming: left open and no longer read (the node's heartbeats are a few bytes).
                        key.interestOps(0);
                    } else {
                        failed = fail(failed, "connect answered " + pending.status);
                        key.cancel();
                    }
                }
            }
        }
        return new Result(ok, failed, start, lastOk, connectNanos, open);
    }

    private static int fail(int failed, String why) {
        if (failed < 3) {
            System.err.println(why);
        }
        return failed + 1;
    }

    /** Advances one connection: connect, write, read headers. 1 when its headers are in, -1 when it closed first. */
    private static int step(SelectionKey key, SocketChannel channel, Pending pending, ByteBuffer buffer) throws IOException {
        if (key.isConnectable()) {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isWritable() || (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            channel.write(pending.request);
            if (pending.request.hasRemaining()) {
                return 0;
            }
            key.interestOps(SelectionKey.OP_READ);
            return 0;
        }
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
            return -1;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (!pending.statusDone) {
                if (b == '\r' || pending.status.length() >= 16) {
                    pending.statusDone = true;
                } else {
                    pending.status.append((char) b);
                }
            }
            pending.matched = b == END[pending.matched] ? pending.matched + 1 : (b == '\r' ? 1 : 0);
            if (pending.matched == END.length) {
                return 1;
            }
        }
        return 0;
    }
}
