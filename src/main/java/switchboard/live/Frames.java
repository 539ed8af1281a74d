package switchboard.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run of changes into frames: per topic and region, one render for a snapshot region
 * (at its latest change) and one event carrying all the items for an append region. Used for
 * live dispatch and for replay, so both produce the same bytes.
 */
final class Frames {
    private static final Logger log = LoggerFactory.getLogger(Frames.class);

    /** Keeps one event of a burst small enough for a slow client's outbox to hold several. */
    static final int APPEND_ITEMS_PER_FRAME = 50;

    private final Topics topics;

    Frames(Topics topics) {
        this.topics = topics;
    }

    /** Frames for the changes whose topic passes {@code wanted}, ordered by seq. */
    List<Frame> build(List<Change> changes, Predicate<Topic> wanted) {
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
        byTopic.forEach((topic, topicChanges) -> addFrames(topic, topicChanges, frames));
        frames.sort(Comparator.comparingLong(Frame::seq));
        return frames;
    }

    /** Current state of every snapshot region of {@code topic}, stamped with {@code seq}. */
    List<Frame> snapshots(Topic topic, long seq) {
        List<Frame> frames = new ArrayList<>();
        for (Region region : kind(topic).regions()) {
            if (region.mode() == Region.Mode.SNAPSHOT) {
                render(topic, region, List.of(), seq, frames);
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
                render(topic, region, List.of(matching.getLast()), matching.getLast().seq(), out);
                continue;
            }
            for (int from = 0; from < matching.size(); from += APPEND_ITEMS_PER_FRAME) {
                List<Change> items = matching.subList(from, Math.min(matching.size(), from + APPEND_ITEMS_PER_FRAME));
                render(topic, region, items, items.getLast().seq(), out);
            }
        }
    }

    private void render(Topic topic, Region region, List<Change> input, long seq, List<Frame> out) {
        try {
            out.add(Frame.of(seq, topic, region, region.renderer().render(topic, input)));
        } catch (RuntimeException e) {
            log.error("Rendering region '{}' of topic {} at seq {} failed; subscribers miss this update until the next one", region.event(), topic, seq, e);
        }
    }

    private TopicKind kind(Topic topic) {
        try {
            return topics.kindOf(topic);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
