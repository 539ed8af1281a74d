package switchboard.records;

import java.util.List;

/** A list of records: its rows, the query that chose them, the next page's link, the count. */
public record ListPage(Nav nav, Kind kind, List<Row> rows, ListQuery query, String next, Count count, Undo undo, List<Total> totals, String liveUrl) {
}
