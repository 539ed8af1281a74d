package switchboard.live;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one way a page names its stream: {@code /live?topics=a,b&since=<seq>}, from typed topics
 * and the seq the page was rendered at (read before its data, or with it: see
 * {@link ChangeFeed#readAtHead}), so a change committed between the render and the stream
 * opening is replayed rather than lost.
 */
public final class StreamUrl {
    private StreamUrl() {
    }

    public static String of(long since, Topic... topics) {
        return of(since, List.of(topics));
    }

    public static String of(long since, List<Topic> topics) {
        if (topics.isEmpty() || topics.size() > Topics.MAX_PER_STREAM) {
            throw new IllegalArgumentException("a stream carries 1 to " + Topics.MAX_PER_STREAM + " topics, not " + topics.size());
        }
        if (since < 0) {
            throw new IllegalArgumentException("since must be a seq, not " + since);
        }
        return "/live?topics=" + topics.stream().map(Topic::toString).collect(Collectors.joining(",")) + "&since=" + since;
    }
}
