package switchboard.live;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** One open {@code /live} stream: its topics, who opened it, and its outbox. */
public final class Subscriber {
    private final long id;
    private final Set<Topic> topics;
    private final Viewer viewer;
    private final Outbox outbox;
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    /** Frames up to this seq are already on the page (it was rendered at or after it). */
    private volatile long skipThrough;

    Subscriber(long id, Set<Topic> topics, Viewer viewer, int outboxBytes, long skipThrough) {
        this.id = id;
        this.topics = Set.copyOf(topics);
        this.viewer = viewer;
        this.outbox = new Outbox(outboxBytes);
        this.skipThrough = skipThrough;
    }

    public long id() {
        return id;
    }

    public Set<Topic> topics() {
        return topics;
    }

    public Viewer viewer() {
        return viewer;
    }

    Outbox outbox() {
        return outbox;
    }

    /** Queues a frame unless the page has it already; false when the outbox overflowed. */
    boolean offer(Frame frame) {
        if (frame.seq() <= skipThrough) {
            return true;
        }
        return outbox.offer(frame);
    }

    void close(String reason) {
        closeReason.compareAndSet(null, reason);
        outbox.close();
    }

    String closeReason() {
        return closeReason.get();
    }

    public long outboxPeakBytes() {
        return outbox.peakBytes();
    }
}
