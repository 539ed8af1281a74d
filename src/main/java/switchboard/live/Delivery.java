package switchboard.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each subscriber gets of one batch, and the topics that could not be rendered: the hub's
 * plan, made under its registration lock from the subscribers of each topic ({@code byTopic}).
 */
record Delivery(Map<Subscriber, List<Frame>> frames, Set<Topic> failed, RuntimeException cause) {

    /**
     * Renders a batch once for everyone, and once more per distinct position for the pages that
     * already have part of it (rendered at a seq inside the batch, or resumed on a node that was
     * behind them): they get frames built from the changes after their position only, so an item
     * at or below a page's position is never sent to it, even when it would share a frame with
     * newer ones.
     */
    static Delivery plan(Frames frames, Map<Topic, Set<Subscriber>> byTopic, List<Change> changes, Frames.Built early, Set<Topic> rendered) {
        long first = changes.getFirst().seq();
        long last = changes.getLast().seq();
        Frames.Built late = frames.build(changes, topic -> byTopic.containsKey(topic) && !rendered.contains(topic));
        Frames.Built shared = late.frames().isEmpty() && late.failed().isEmpty() ? early : merge(early, late);
        Set<Topic> failed = new HashSet<>(shared.failed());
        RuntimeException cause = shared.cause();
        Map<Subscriber, List<Frame>> out = new LinkedHashMap<>();
        Set<Subscriber> ahead = new LinkedHashSet<>();
        for (Frame frame : shared.frames()) {
            for (Subscriber subscriber : byTopic.getOrDefault(frame.topic(), Set.of())) {
                long position = subscriber.skipThrough();
                if (position < first) {
                    out.computeIfAbsent(subscriber, s -> new ArrayList<>()).add(frame);
                } else if (position < last) {
                    ahead.add(subscriber);
                }
            }
        }
        Map<Long, Frames.Built> byPosition = new HashMap<>();
        for (Subscriber subscriber : ahead) {
            long position = subscriber.skipThrough();
            Frames.Built rest = byPosition.computeIfAbsent(position, p -> frames.build(
                    changes.stream().filter(c -> c.seq() > p).toList(), byTopic::containsKey));
            if (rest.failed().stream().anyMatch(subscriber.topics()::contains)) {
                failed.addAll(rest.failed());
                cause = cause == null ? rest.cause() : cause;
                continue;
            }
            List<Frame> mine = rest.frames().stream().filter(f -> subscriber.topics().contains(f.topic())).toList();
            if (!mine.isEmpty()) {
                out.put(subscriber, mine);
            }
        }
        return new Delivery(out, failed, cause);
    }

    private static Frames.Built merge(Frames.Built a, Frames.Built b) {
        List<Frame> frames = new ArrayList<>(a.frames());
        frames.addAll(b.frames());
        frames.sort(Comparator.comparingLong(Frame::seq));
        Set<Topic> failed = new LinkedHashSet<>(a.failed());
        failed.addAll(b.failed());
        return new Frames.Built(frames, failed, a.cause() != null ? a.cause() : b.cause());
    }
}
