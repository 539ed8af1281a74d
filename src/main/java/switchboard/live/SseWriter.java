package switchboard.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Writes one connection's frames to its socket, on that connection's own virtual thread. A
 * frame carries {@code id: <seq>} only when it is the last queued frame of its seq, so the
 * browser's Last-Event-ID never claims a seq whose other regions it has not yet received.
 *
 * <p>Each write is one array handed to Jetty as a buffer, which bypasses the response's
 * aggregation buffer: a stream that wrote through it took a 32 KiB direct buffer from a pool
 * that thousands of open streams keep empty, so every connect allocated and zeroed one (8 % of
 * the node's CPU in the connect benchmark's profile) and 10,000 streams held 320 MiB.
 */
final class SseWriter {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final LiveMeters meters;

    SseWriter(OutputStream out, LiveMeters meters) {
        this.out = out;
        this.meters = meters;
    }

    /** The stream's first bytes; they also carry the response's headers, in the same packet. */
    void open(long retryMillis) throws IOException {
        // The retry field gives each page its own reconnect delay, so a restart does not bring
        // every browser back in the same instant.
        send(("retry: " + retryMillis + "\n: connected\n\n").getBytes(StandardCharsets.US_ASCII));
    }

    void write(List<Frame> frames) throws IOException {
        int size = 0;
        for (Frame frame : frames) {
            size += frame.size() + 24;
        }
        var bytes = new ByteArrayOutputStream(size);
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            boolean lastOfSeq = i == frames.size() - 1 || frames.get(i + 1).seq() != frame.seq();
            if (lastOfSeq) {
                bytes.write(("id: " + frame.seq() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            bytes.write(frame.body());
        }
        send(bytes.toByteArray());
        long sent = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            if (i == frames.size() - 1 || frames.get(i + 1).seq() != frame.seq()) {
                meters.delivered(frame.seq());
            }
            sent += frame.size();
            LiveMeters.since(meters.delivery, frame.committed());
        }
        meters.eventsSent.increment(frames.size());
        meters.bytesSent.increment(sent);
    }

    /** Sets the delay before the browser reconnects, e.g. a short one just before a restart closes the stream. */
    void retry(long millis) throws IOException {
        send(("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }

    void heartbeat() throws IOException {
        send(HEARTBEAT);
    }

    /** Writes and sends {@code bytes} at once (a blocking write). */
    private void send(byte[] bytes) throws IOException {
        if (out instanceof HttpOutput jetty) {
            jetty.write(ByteBuffer.wrap(bytes));
        } else {
            out.write(bytes);
            out.flush();
        }
    }
}
