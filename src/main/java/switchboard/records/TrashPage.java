package switchboard.records;

import java.util.List;

/** Deleted records of one kind, to restore or purge. */
public record TrashPage(Nav nav, Kind kind, List<Row> rows) {
}
