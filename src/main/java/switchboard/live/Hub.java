package switchboard.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's switchboard: which open streams want which topics, and the dispatch of each
 * batch of changes to them. A batch is rendered once per region and the same bytes are
 * handed to every subscriber's outbox; the hub never writes to a socket.
 *
 * <p>Dispatch and registration share one lock so that a new subscriber learns exactly which
 * seq the live stream continues from ({@link #register}): everything after it arrives live,
 * everything up to it comes from replay, and nothing falls between the two. A batch is rendered
 * before that lock is taken (renders are queries), so a node keeps accepting streams while it
 * renders; under the lock it only hands out the bytes, rendering there just the topics whose
 * first subscriber arrived during the render.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Frames frames;
    private final ReentrantLock lock = new ReentrantLock();
    /** One dispatch at a time; held while rendering, which the registration lock is not. */
    private final ReentrantLock dispatching = new ReentrantLock();
    /** Changed under {@link #lock} only; read without it by the render before the lock is taken. */
    private final Map<Topic, Set<Subscriber>> byTopic = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<Subscriber> all = new HashSet<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong dropped = new AtomicLong();
    /** Streams whose outbox holds frames for a writer that is free but has not run yet (see {@link Outbox}). */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    /** {@code all.size()}, for the listener's pacing check to read without taking the lock. */
    private volatile int open;
    private final io.micrometer.core.instrument.Timer paced;
    private final List<Consumer<List<Change>>> watchers = new CopyOnWriteArrayList<>();
    private volatile long cursor;
    private boolean accepting = true;

    private final LiveMeters meters;

    public Hub(Topics topics, long startCursor) {
        this(topics, startCursor, LiveMeters.detached());
    }

    public Hub(Topics topics, long startCursor, LiveMeters meters) {
        this.frames = new Frames(topics, meters);
        this.cursor = startCursor;
        this.meters = meters;
        io.micrometer.core.instrument.FunctionCounter.builder("switchboard.live.streams.dropped", this, Hub::droppedCount)
                .description("streams closed because they fell further behind than their outbox holds").register(meters.registry);
        io.micrometer.core.instrument.Gauge.builder("switchboard.live.streams.open", this, Hub::connectionCount)
                .description("open /live streams on this node").register(meters.registry);
        io.micrometer.core.instrument.Gauge.builder("switchboard.live.streams.behind", waiting, java.util.concurrent.atomic.AtomicInteger::get)
                .description("open streams with frames for a writer that is free but has not run yet (the node short of CPU)").register(meters.registry);
        this.paced = io.micrometer.core.instrument.Timer.builder("switchboard.listener.paced")
                .description("time the listener held the next batch back until the streams' writers caught up").register(meters.registry);
    }

    LiveMeters meters() {
        return meters;
    }

    Frames frames() {
        return frames;
    }

    /** {@code session}: the tag of the signed-in session opening it, or 0 (see {@link #closeSession}). */
    Subscriber newSubscriber(Set<Topic> topics, Viewer viewer, long session, int outboxBytes, long skipThrough) {
        return new Subscriber(nextId.getAndIncrement(), topics, viewer, session, outboxBytes, skipThrough, meters.framesCoalesced, waiting);
    }

    /**
     * Refuses every new stream from now on, then closes the open ones: the node is stopping. A
     * stream that was still opening cannot slip in after the close and be left on a dead node.
     */
    public void stopAccepting(String reason) {
        lock.lock();
        try {
            accepting = false;
        } finally {
            lock.unlock();
        }
        closeAll(reason);
    }

    /** Adds the subscriber and returns the seq its live frames start after; refused once the node is stopping. */
    long register(Subscriber subscriber) {
        lock.lock();
        try {
            if (!accepting) {
                throw new LiveUnavailableException("this node is stopping");
            }
            all.add(subscriber);
            open = all.size();
            for (Topic topic : subscriber.topics()) {
                byTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(subscriber);
            }
            return cursor;
        } finally {
            lock.unlock();
        }
    }

    void unregister(Subscriber subscriber) {
        lock.lock();
        try {
            all.remove(subscriber);
            open = all.size();
            for (Topic topic : subscriber.topics()) {
                Set<Subscriber> set = byTopic.get(topic);
                if (set != null && set.remove(subscriber) && set.isEmpty()) {
                    byTopic.remove(topic);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by the change listener with changes in seq order, each batch right after the last.
     * A batch is delivered whole or not at all: when a region cannot be rendered this throws
     * {@link RenderFailedException} having offered nothing and kept the cursor, so the listener
     * retries it. With {@code closeFailed} (the listener gave up retrying) the streams of the
     * topics that failed are closed first, so they resume by replay from what they really have,
     * and everyone else gets the batch.
     */
    public void dispatch(List<Change> changes, boolean closeFailed) {
        if (changes.isEmpty()) {
            return;
        }
        List<Subscriber> overflowed = new ArrayList<>();
        dispatching.lock();
        try {
            // Rendered outside the registration lock: a stream that opens meanwhile is not kept
            // waiting. Topics followed at this moment are rendered; any topic whose first
            // subscriber registers before the lock below is rendered under it.
            Set<Topic> rendered = new HashSet<>();
            Frames.Built early = frames.build(changes, topic -> {
                if (byTopic.containsKey(topic)) {
                    rendered.add(topic);
                    return true;
                }
                return false;
            });
            lock.lock();
            try {
                Delivery delivery = Delivery.plan(frames, byTopic, changes, early, rendered);
                if (!delivery.failed().isEmpty()) {
                    if (!closeFailed) {
                        throw new RenderFailedException(delivery.failed(), delivery.cause());
                    }
                    for (Topic topic : delivery.failed()) {
                        for (Subscriber subscriber : byTopic.getOrDefault(topic, Set.of())) {
                            subscriber.close("render failed");
                        }
                    }
                    log.warn("Closed the streams of {} after repeated render failures; they reconnect and replay from their last event", delivery.failed());
                }
                delivery.frames().forEach((subscriber, list) -> {
                    if (!subscriber.offerAll(list)) {
                        overflowed.add(subscriber);
                    }
                });
                cursor = changes.getLast().seq();
            } finally {
                lock.unlock();
            }
        } finally {
            dispatching.unlock();
        }
        LiveMeters.since(meters.listenerLag, changes.getLast().at());
        for (Subscriber subscriber : overflowed) {
            if (subscriber.closeReason() == null) {
                dropped.incrementAndGet();
                log.info("Dropping live stream {}: it fell more than its outbox behind; it will resume by replay", subscriber.id());
            }
            subscriber.close("outbox overflow");
        }
        for (Consumer<List<Change>> watcher : watchers) {
            watcher.accept(changes);
        }
    }

    /**
     * Waits, at most {@code maxMillis}, while more than one stream in sixteen (and more than one)
     * has frames of earlier batches that its writer is free to send but has not yet run to take:
     * the node is short of CPU. The listener calls this before it reads its next batch. When the
     * writers keep up it returns at once. When they do not (thousands of streams and a change
     * every millisecond), the changes that arrive meanwhile wait in change_log and go out as one
     * larger batch: one render per region and one write per stream for all of them, instead of
     * one each per change, and the node's other work (requests, the ingest) gets the CPU that
     * waking every writer once per change took. Nothing is skipped or reordered; updates are
     * only grouped. Writers still sending to a slow page do not count (waiting would not speed
     * up the page), and the wait is bounded.
     *
     * @return how long it waited, in nanoseconds
     */
    long awaitWriters(long maxMillis) {
        if (waiting.get() <= allowance()) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + maxMillis * 1_000_000;
        while (waiting.get() > allowance() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        long waited = System.nanoTime() - start;
        paced.record(waited, java.util.concurrent.TimeUnit.NANOSECONDS);
        return waited;
    }

    private int allowance() {
        return 1 + open / 16;
    }

    /** Streams with frames for a writer that is free but has not run yet. */
    int behind() {
        return waiting.get();
    }

    /** Also hands every dispatched batch to {@code watcher}, after the subscribers have theirs. */
    public void watch(Consumer<List<Change>> watcher) {
        watchers.add(watcher);
    }

    /** Closes one viewer's streams whose topics {@code affected} accepts (access revoked), telling each page {@code reason}. */
    public int closeFor(String viewerId, java.util.function.Predicate<Set<Topic>> affected, String reason) {
        return forEachOf(viewerId, s -> affected.test(s.topics()), s -> s.close(reason, reason));
    }

    /** Closes the streams one signed-in session opened (it ended: signed out, or ended by an admin), telling each page {@code reason}. */
    public int closeSession(String viewerId, long session, String reason) {
        return forEachOf(viewerId, s -> s.session() == session, s -> s.close(reason, reason));
    }

    /** Has every stream of one viewer send a heartbeat now, so those whose page went away fail and close. */
    int pokeFor(String viewerId) {
        return forEachOf(viewerId, s -> true, s -> s.outbox().poke());
    }

    private int forEachOf(String viewerId, java.util.function.Predicate<Subscriber> which, java.util.function.Consumer<Subscriber> act) {
        int count = 0;
        for (Subscriber subscriber : subscribers()) {
            if (subscriber.viewer().id().equals(viewerId) && which.test(subscriber)) {
                act.accept(subscriber);
                count++;
            }
        }
        return count;
    }

    /** The last seq dispatched to subscribers. */
    public long cursor() {
        return cursor;
    }

    /** Closes every stream; pages reconnect with their last seq and catch up. */
    public void closeAll(String reason) {
        for (Subscriber subscriber : subscribers()) {
            subscriber.close(reason);
        }
    }

    public List<Subscriber> subscribers() {
        lock.lock();
        try {
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    public int connectionCount() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    public long droppedCount() {
        return dropped.get();
    }

}
