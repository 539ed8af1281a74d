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

    SseWriter(OutputStream out) {
        this.out = out;
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
    }

    void heartbeat() throws IOException {
        out.write(HEARTBEAT);
        out.flush();
    }
}
