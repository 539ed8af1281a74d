package switchboard.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream sends before its live frames: the changes a page missed between the seq it
 * has ({@code since}) and the seq live delivery starts after. When the log no longer reaches
 * back to {@code since}, or {@code since} is from a different database, the page is resynced
 * instead: fresh snapshots of its regions, or a reload when a region is an append stream.
 */
final class Replay {
    private static final int PAGE = 2000;

    interface Sink {
        void send(List<Frame> frames) throws IOException;
    }

    private final ChangeFeed feed;
    private final Frames frames;

    Replay(ChangeFeed feed, Frames frames) {
        this.feed = feed;
        this.frames = frames;
    }

    void run(Subscriber subscriber, long since, long liveFrom, Sink sink) throws IOException {
        if (since >= liveFrom) {
            return;
        }
        if (since < feed.oldestReplayable()) {
            sink.send(resync(subscriber, liveFrom));
            return;
        }
        long from = since;
        while (from < liveFrom) {
            List<Change> page = feed.between(from, liveFrom, subscriber.topics(), PAGE);
            if (page.isEmpty()) {
                return;
            }
            sink.send(frames.build(page, subscriber.topics()::contains));
            from = page.getLast().seq();
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    List<Frame> resync(Subscriber subscriber, long seq) {
        List<Frame> out = new ArrayList<>();
        for (Topic topic : subscriber.topics()) {
            if (frames.hasAppendRegion(topic)) {
                return List.of(Frame.reload(seq));
            }
            out.addAll(frames.snapshots(topic, seq));
        }
        return out;
    }

    /** True when {@code since} cannot have come from this database: it is past its last seq. */
    boolean isFromElsewhere(long since) {
        return since > feed.head();
    }
}
