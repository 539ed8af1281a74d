package switchboard.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run of changes into frames: per topic and region, one render for a snapshot region
 * (at its latest change) and one event carrying all the items for an append region. Used for
 * live dispatch and for replay, so both produce the same bytes.
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
        List<Frame> frames = new ArrayList<>();
        Set<Topic> failed = new LinkedHashSet<>();
        RuntimeException cause = null;
        for (var entry : byTopic.entrySet()) {
            List<Frame> topicFrames = new ArrayList<>();
            try {
                addFrames(entry.getKey(), entry.getValue(), topicFrames);
                frames.addAll(topicFrames);
            } catch (RuntimeException e) {
                failed.add(entry.getKey());
                cause = cause == null ? e : cause;
            }
        }
        frames.sort(Comparator.comparingLong(Frame::seq));
        return new Built(frames, failed, cause);
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
