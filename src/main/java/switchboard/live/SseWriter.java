package switchboard.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private final OutputStream out;
    private final LiveMeters meters;
    /**
     * A heartbeat is an event, not a comment: a browser's EventSource never shows comments, so a
     * page could not tell a quiet stream from a dead one (a frozen node, a connection cut without
     * a reset) and stayed "live" for as long as it lasted. Its data is the interval, so the page
     * knows how long a silence means the stream is gone (static/js/live.js). No id: it moves no
     * Last-Event-ID.
     */
    private final byte[] heartbeat;

    SseWriter(OutputStream out, LiveMeters meters, long heartbeatMillis) {
        this.out = out;
        this.meters = meters;
        this.heartbeat = ("event: heartbeat\ndata: " + heartbeatMillis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The stream's first bytes; they also carry the response's headers, in the same packet. */
    void open(long retryMillis) throws IOException {
        // The retry field gives each page its own reconnect delay, so a restart does not bring
        // every browser back in the same instant. The first heartbeat tells the page the interval.
        byte[] head = ("retry: " + retryMillis + "\n: connected\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] first = java.util.Arrays.copyOf(head, head.length + heartbeat.length);
        System.arraycopy(heartbeat, 0, first, head.length, heartbeat.length);
        send(first);
    }

    /**
     * Writes frames; {@code live}: dispatched just now, so their commit-to-socket time is the
     * delivery latency metered. Replayed frames are minutes or hours old by design: metering
     * them made a page's catch-up look like a delivery taking that long.
     */
    void write(List<Frame> frames, boolean live) throws IOException {
        if (frames.isEmpty()) {
            return;
        }
        if (frames.size() == 1) {
            // The usual case: the frame's shared bytes go to the socket as they are.
            send(frames.getFirst().withId());
        } else {
            int size = 0;
            for (int i = 0; i < frames.size(); i++) {
                Frame frame = frames.get(i);
                size += lastOfSeq(frames, i) ? frame.withId().length : frame.size();
            }
            byte[] bytes = new byte[size];
            int at = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] part = lastOfSeq(frames, i) ? frames.get(i).withId() : frames.get(i).body();
                System.arraycopy(part, 0, bytes, at, part.length);
                at += part.length;
            }
            send(bytes);
        }
        // Metered once per seq written, not per frame: a seq's frames share their commit time,
        // and at thousands of streams a timer sample per frame per stream was 9 % of the node's CPU.
        long now = micros(java.time.Instant.now());
        long sent = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            sent += frame.size();
            if (lastOfSeq(frames, i)) {
                meters.delivered(frame.seq());
                if (live && frame.committed() != null) {
                    meters.delivery.record(Math.max(0, now - micros(frame.committed())), TimeUnit.MICROSECONDS);
                }
            }
        }
        meters.eventsSent.increment(frames.size());
        meters.bytesSent.increment(sent);
    }

    private static long micros(java.time.Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }

    /** Whether frame {@code i} is the last of its seq in {@code frames}: only that one carries {@code id:}. */
    private static boolean lastOfSeq(List<Frame> frames, int i) {
        return i == frames.size() - 1 || frames.get(i + 1).seq() != frames.get(i).seq();
    }

    /** Sets the delay before the browser reconnects, e.g. a short one just before a restart closes the stream. */
    void retry(long millis) throws IOException {
        send(("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The stream's last event when it was closed for its viewer (signed out, access revoked): the
     * page learns why now, not from its next connect being refused 2 to 5 s later.
     */
    void closed(String why) throws IOException {
        send(("event: closed\ndata: " + why.replaceAll("[\r\n]", " ") + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    void heartbeat() throws IOException {
        send(heartbeat);
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
