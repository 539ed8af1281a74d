package switchboard.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes one connection's frames to its socket, on that connection's own virtual thread. A
 * frame carries {@code id: <seq>} only when it is the last queued frame of its seq, so the
 * browser's Last-Event-ID never claims a seq whose other regions it has not yet received.
 */
final class SseWriter {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final LiveMeters meters;

    SseWriter(OutputStream out, LiveMeters meters) {
        this.out = out;
        this.meters = meters;
    }

    void open(long retryMillis) throws IOException {
        // The retry field gives each page its own reconnect delay, so a restart does not bring
        // every browser back in the same instant.
        out.write(("retry: " + retryMillis + "\n: connected\n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void write(List<Frame> frames) throws IOException {
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            boolean lastOfSeq = i == frames.size() - 1 || frames.get(i + 1).seq() != frame.seq();
            if (lastOfSeq) {
                out.write(("id: " + frame.seq() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(frame.body());
        }
        out.flush();
        long bytes = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            if (i == frames.size() - 1 || frames.get(i + 1).seq() != frame.seq()) {
                meters.delivered(frame.seq());
            }
            bytes += frame.size();
            LiveMeters.since(meters.delivery, frame.committed());
        }
        meters.eventsSent.increment(frames.size());
        meters.bytesSent.increment(bytes);
    }

    /** Sets the delay before the browser reconnects, e.g. a short one just before a restart closes the stream. */
    void retry(long millis) throws IOException {
        out.write(("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void heartbeat() throws IOException {
        out.write(HEARTBEAT);
        out.flush();
    }
}
