package switchboard.dashboard;

import java.util.List;

/** What one push adds to the stream: the newest items, and how many more arrived in the same burst. */
public record WagerBatch(List<WagerItem> items, int more) {
}
