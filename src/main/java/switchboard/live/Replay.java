package switchboard.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a stream sends before its live frames: the changes a page missed between the seq it
 * has ({@code since}) and the seq live delivery starts after. When the log no longer reaches
 * back to {@code since}, or {@code since} is from a different database, the page is resynced
 * instead: fresh snapshots of its regions, or a reload when a region is an append stream.
 *
 * <p>Replay is read in pages, each rendered whole or not at all ({@link RenderFailedException}):
 * a stream sends a page only once all of it rendered, so a page's last event id never claims a
 * change it did not get. Pages are shared by every stream asking for the same topics and range.
 */
final class Replay {
    private static final int PAGE = 2000;

    /** Frames to send, and the seq the next page starts after, or -1 when this was the last. */
    record Page(List<Frame> frames, long next) {
        static final Page NONE = new Page(List.of(), -1);
    }

    private record Key(String topics, long from, long upTo, boolean resync) {
    }

    private final ChangeFeed feed;
    private final Frames frames;
    private final SharedRenders shared;
    private final LiveMeters meters;

    Replay(ChangeFeed feed, Frames frames, SharedRenders shared, LiveMeters meters) {
        this.meters = meters;
        this.feed = feed;
        this.frames = frames;
        this.shared = shared;
    }

    /** The first page for a stream that has {@code since} (-1: nothing) and gets live frames after {@code liveFrom}. */
    Page first(Set<Topic> topics, long since, boolean resync, long liveFrom) {
        if (resync) {
            return shared.get(new Key(key(topics), since, liveFrom, true), () -> resync(topics, liveFrom));
        }
        return since < 0 ? Page.NONE : next(topics, since, liveFrom);
    }

    /** The page after {@code from}, up to {@code liveFrom}. */
    Page next(Set<Topic> topics, long from, long liveFrom) {
        if (from >= liveFrom) {
            return Page.NONE;
        }
        return shared.get(new Key(key(topics), from, liveFrom, false), () -> read(topics, from, liveFrom));
    }

    private Page read(Set<Topic> topics, long from, long upTo) {
        List<Change> changes = feed.between(from, upTo, topics, PAGE);
        // Checked after the read: retention that ran before it shows here, and a gap is never sent.
        if (from < feed.oldestReplayable()) {
            return resync(topics, upTo);
        }
        if (changes.isEmpty()) {
            return Page.NONE;
        }
        List<Frame> built = frames.build(changes, topics::contains).orThrow();
        meters.replayChanges.record(changes.size());
        return new Page(built, changes.size() < PAGE ? -1 : changes.getLast().seq());
    }

    private Page resync(Set<Topic> topics, long seq) {
        List<Frame> out = new ArrayList<>();
        for (Topic topic : topics) {
            if (frames.hasAppendRegion(topic)) {
                return new Page(List.of(Frame.reload(seq)), -1);
            }
            try {
                out.addAll(frames.snapshots(topic, seq));
            } catch (RuntimeException e) {
                throw new RenderFailedException(Set.of(topic), e);
            }
        }
        return new Page(out, -1);
    }

    /** True when {@code since} cannot have come from this database: it is past its last seq. */
    boolean isFromElsewhere(long since) {
        return since > feed.head();
    }

    private static String key(Set<Topic> topics) {
        var names = new TreeSet<String>();
        topics.forEach(t -> names.add(t.toString()));
        return String.join(",", names);
    }
}
