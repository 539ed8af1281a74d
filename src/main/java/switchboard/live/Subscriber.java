package switchboard.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** One open {@code /live} stream: its topics, who opened it, and its outbox. */
public final class Subscriber {
    private final long id;
    private final Set<Topic> topics;
    private final Viewer viewer;
    private final Outbox outbox;
    private final AtomicReference<String> closeReason = new AtomicReference<>();
    /** What the page is told as the stream closes (a {@code closed} event), or null to say nothing. */
    private final AtomicReference<String> told = new AtomicReference<>();
    /** Frames up to this seq are already on the page (it was rendered at or after it). */
    private final long skipThrough;
    /** A tag of the signed-in session that opened it (0 for none): signing out closes its streams. */
    private final long session;

    Subscriber(long id, Set<Topic> topics, Viewer viewer, long session, int outboxBytes, long skipThrough, io.micrometer.core.instrument.Counter coalesced,
               java.util.concurrent.atomic.AtomicInteger waiting) {
        this.id = id;
        this.session = session;
        this.topics = Set.copyOf(topics);
        this.viewer = viewer;
        this.outbox = new Outbox(outboxBytes, coalesced, waiting);
        this.skipThrough = skipThrough;
    }

    public long id() {
        return id;
    }

    public Set<Topic> topics() {
        return topics;
    }

    long session() {
        return session;
    }

    public Viewer viewer() {
        return viewer;
    }

    Outbox outbox() {
        return outbox;
    }

    /** The seq the page had when it opened this stream: nothing at or below it is sent to it. */
    long skipThrough() {
        return skipThrough;
    }

    /**
     * Queues one batch's frames for this page together, so its writer never sends a batch's
     * {@code id:} without the rest of that seq; false when the outbox overflowed.
     */
    boolean offerAll(List<Frame> frames) {
        return outbox.offerAll(frames);
    }

    void close(String reason) {
        closeReason.compareAndSet(null, reason);
        outbox.close();
    }

    /** Closes it and tells the page why (one line, no newline): it reacts at once instead of at its next refused connect. */
    void close(String reason, String tell) {
        told.compareAndSet(null, tell);
        close(reason);
    }

    String told() {
        return told.get();
    }

    String closeReason() {
        return closeReason.get();
    }

    public long outboxPeakBytes() {
        return outbox.peakBytes();
    }
}
