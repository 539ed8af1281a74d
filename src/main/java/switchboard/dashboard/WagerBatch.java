package switchboard.dashboard;

import java.util.List;

/**
 * What one push adds to the stream: the newest items, and how many more arrived in the same burst;
 * {@code recent} when the whole burst was committed in the last moments (a replay's is not).
 */
public record WagerBatch(List<WagerItem> items, int more, boolean recent) {
}
