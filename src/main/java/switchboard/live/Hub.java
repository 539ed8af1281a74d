package switchboard.live;

import java.util.ArrayList;
import java.util.HashMap;
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
 * everything up to it comes from replay, and nothing falls between the two.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Frames frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Topic, Set<Subscriber>> byTopic = new HashMap<>();
    private final Set<Subscriber> all = new HashSet<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong dropped = new AtomicLong();
    private final List<Consumer<List<Change>>> watchers = new CopyOnWriteArrayList<>();
    private long cursor;

    public Hub(Topics topics, long startCursor) {
        this.frames = new Frames(topics);
        this.cursor = startCursor;
    }

    Frames frames() {
        return frames;
    }

    Subscriber newSubscriber(Set<Topic> topics, Viewer viewer, int outboxBytes, long skipThrough) {
        return new Subscriber(nextId.getAndIncrement(), topics, viewer, outboxBytes, skipThrough);
    }

    /** Adds the subscriber and returns the seq its live frames start after. */
    long register(Subscriber subscriber) {
        lock.lock();
        try {
            all.add(subscriber);
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

    /** Called by the change listener with changes in seq order, each batch right after the last. */
    public void dispatch(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Subscriber> overflowed = new ArrayList<>();
        lock.lock();
        try {
            // Rendering under the lock is what makes register() exact; renders are a query or two.
            for (Frame frame : frames.build(changes, byTopic::containsKey)) {
                for (Subscriber subscriber : byTopic.getOrDefault(frame.topic(), Set.of())) {
                    if (!subscriber.offer(frame)) {
                        overflowed.add(subscriber);
                    }
                }
            }
            cursor = changes.getLast().seq();
        } finally {
            lock.unlock();
        }
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

    /** Also hands every dispatched batch to {@code watcher}, after the subscribers have theirs. */
    public void watch(Consumer<List<Change>> watcher) {
        watchers.add(watcher);
    }

    /** Closes the streams of one viewer (an account whose access was revoked); returns how many. */
    public int closeFor(String viewerId, String reason) {
        int closed = 0;
        for (Subscriber subscriber : subscribers()) {
            if (subscriber.viewer().id().equals(viewerId)) {
                subscriber.close(reason);
                closed++;
            }
        }
        return closed;
    }

    /** The last seq dispatched to subscribers. */
    public long cursor() {
        lock.lock();
        try {
            return cursor;
        } finally {
            lock.unlock();
        }
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
