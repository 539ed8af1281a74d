package switchboard.games;

import java.util.List;

/** The list page's model. */
public record TablesPage(List<TableRow> tables, String liveUrl) {
}
