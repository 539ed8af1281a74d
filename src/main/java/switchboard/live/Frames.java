package switchboard.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run of changes into frames: per topic and region, one render for a snapshot region
 * (at its latest change) and one event carrying all the items for an append region. Used for
 * live dispatch and for replay, so both produce the same bytes.
 *
 * <p>The topics of one run render concurrently, {@link #PARALLEL_TOPICS} at a time, each on a
 * virtual thread; the frames come back ordered by seq whatever order they finished in.
 *
 * <p>A render that fails is tried once more at once (a dead pooled connection is evicted by
 * the first failure, so the second gets a live one); if it fails again its topic is reported in
 * {@link Built#failed()} and none of that topic's frames are returned. Callers must not move
 * anyone past the changes of a failed topic: they retry, or close the topic's streams.
 */
final class Frames {
    private static final Logger log = LoggerFactory.getLogger(Frames.class);

    /** Keeps one event of a burst small enough for a slow client's outbox to hold several. */
    static final int APPEND_ITEMS_PER_FRAME = 50;

    /** Topics of one batch rendered at once: each holds a pooled connection while it renders (the pool has 20). */
    static final int PARALLEL_TOPICS = 4;

    /** The frames of the topics that rendered, ordered by seq, and the topics that did not. */
    record Built(List<Frame> frames, Set<Topic> failed, RuntimeException cause) {
        boolean complete() {
            return failed.isEmpty();
        }

        /** The frames, or a {@link RenderFailedException} when any topic failed. */
        List<Frame> orThrow() {
            if (!failed.isEmpty()) {
                throw new RenderFailedException(failed, cause);
            }
            return frames;
        }
    }

    private final Topics topics;
    private final LiveMeters meters;

    Frames(Topics topics, LiveMeters meters) {
        this.topics = topics;
        this.meters = meters;
    }

    /** Frames for the changes whose topic passes {@code wanted}, ordered by seq. */
    Built build(List<Change> changes, Predicate<Topic> wanted) {
        Map<Topic, List<Change>> byTopic = new LinkedHashMap<>();
        for (Change change : changes) {
            Topic topic;
            try {
                topic = Topic.parse(change.topic());
            } catch (IllegalArgumentException e) {
                log.warn("change_log seq {} has a malformed topic and is skipped: {}", change.seq(), e.getMessage());
                continue;
            }
            if (wanted.test(topic)) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(change);
            }
        }
        var entries = List.copyOf(byTopic.entrySet());
        var results = new AtomicReferenceArray<Object>(entries.size());
        if (entries.size() == 1) {
            results.set(0, framesOf(entries.getFirst()));
        } else if (!entries.isEmpty()) {
            // Topics render at once, a few at a time: a render mostly waits on its queries, and a
            // batch touching the dashboard's 51 views took as many round trips one after another.
            var permits = new Semaphore(PARALLEL_TOPICS);
            try (var renders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < entries.size(); i++) {
                    int at = i;
                    permits.acquireUninterruptibly();
                    renders.execute(() -> {
                        try {
                            results.set(at, framesOf(entries.get(at)));
                        } finally {
                            permits.release();
                        }
                    });
                }
            }
        }
        List<Frame> frames = new ArrayList<>();
        Set<Topic> failed = new LinkedHashSet<>();
        RuntimeException cause = null;
        for (int i = 0; i < entries.size(); i++) {
            Object result = results.get(i);
            if (result instanceof List<?> topicFrames) {
                topicFrames.forEach(f -> frames.add((Frame) f));
            } else {
                failed.add(entries.get(i).getKey());
                RuntimeException e = result instanceof RuntimeException r ? r : new IllegalStateException("the render of " + entries.get(i).getKey() + " did not finish");
                cause = cause == null ? e : cause;
            }
        }
        frames.sort(Comparator.comparingLong(Frame::seq));
        return new Built(frames, failed, cause);
    }

    /** A topic's frames, or the exception its render threw. */
    private Object framesOf(Map.Entry<Topic, List<Change>> entry) {
        List<Frame> topicFrames = new ArrayList<>();
        try {
            addFrames(entry.getKey(), entry.getValue(), topicFrames);
            return topicFrames;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Current state of every snapshot region of {@code topic}, stamped with {@code seq}; throws when a render fails. */
    List<Frame> snapshots(Topic topic, long seq) {
        List<Frame> frames = new ArrayList<>();
        for (Region region : kind(topic).regions()) {
            if (region.mode() == Region.Mode.SNAPSHOT) {
                frames.add(render(topic, region, List.of(), seq, null));
            }
        }
        return frames;
    }

    boolean hasAppendRegion(Topic topic) {
        TopicKind kind = kind(topic);
        return kind != null && kind.hasAppendRegion();
    }

    private void addFrames(Topic topic, List<Change> changes, List<Frame> out) {
        TopicKind kind = kind(topic);
        if (kind == null) {
            return;
        }
        for (Region region : kind.regions()) {
            List<Change> matching = changes.stream().filter(region.affectedBy()).toList();
            if (matching.isEmpty()) {
                continue;
            }
            if (region.mode() == Region.Mode.SNAPSHOT) {
                out.add(render(topic, region, List.of(matching.getLast()), matching.getLast().seq(), matching.getLast().at()));
                continue;
            }
            for (int from = 0; from < matching.size(); from += APPEND_ITEMS_PER_FRAME) {
                List<Change> items = matching.subList(from, Math.min(matching.size(), from + APPEND_ITEMS_PER_FRAME));
                out.add(render(topic, region, items, items.getLast().seq(), items.getLast().at()));
            }
        }
    }

    private Frame render(Topic topic, Region region, List<Change> input, long seq, java.time.Instant committed) {
        var timer = meters.render(region.event());
        try {
            return Frame.of(seq, topic, region, timer.record(() -> region.renderer().render(topic, input)), committed);
        } catch (RuntimeException first) {
            try {
                return Frame.of(seq, topic, region, timer.record(() -> region.renderer().render(topic, input)), committed);
            } catch (RuntimeException second) {
                meters.renderFailures.increment();
                log.warn("Rendering region '{}' of topic {} at seq {} failed twice ({}); its subscribers are not moved past it",
                        region.event(), topic, seq, rootMessage(second));
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private TopicKind kind(Topic topic) {
        try {
            return topics.kindOf(topic);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = switchboard.db.Outages.rootCause(e);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
