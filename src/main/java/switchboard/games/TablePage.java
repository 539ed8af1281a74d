package switchboard.games;

import java.util.List;

/** A table page's model: the state, its log and history, and the stream that continues them. */
public record TablePage(TableView table, List<LogLine> log, List<LogLine> history, String liveUrl) {
}
