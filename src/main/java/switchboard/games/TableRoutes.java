package switchboard.games;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import switchboard.auth.Access;
import switchboard.live.ChangeFeed;
import switchboard.web.Routes;
import switchboard.web.Templates;

/** {@code GET /tables} and {@code GET /tables/{id}}: live pages for any signed-in account. */
public final class TableRoutes {
    private final TableViews views;
    private final Templates templates;
    private final ChangeFeed feed;

    TableRoutes(TableViews views, Templates templates, ChangeFeed feed) {
        this.views = views;
        this.templates = templates;
        this.feed = feed;
    }

    /** A table page's model: the state, its log and history, and the stream that continues them. */
    public record TablePage(TableViews.TableView table, List<TableViews.LogLine> log, List<TableViews.LogLine> history, String liveUrl) {
    }

    /** The list page's model. */
    public record TablesPage(List<TableViews.TableRow> tables, String liveUrl) {
    }

    void register(Routes routes) {
        routes.get("/tables", Access.VIEWER, this::list)
                .get("/tables/{id}", Access.VIEWER, this::show);
    }

    private void list(Context ctx) {
        // The seq is read before the data: a change committed in between is replayed, never lost.
        long since = feed.head();
        templates.page(ctx, "games/tables.jte", new TablesPage(views.openTables(), "/live?topics=" + Games.listTopic() + "&since=" + since));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Games.TABLE_ID.matcher(id).matches()) {
            throw new NotFoundResponse("There is no table '" + id.substring(0, Math.min(id.length(), 64)) + "'.");
        }
        long since = feed.head();
        var table = views.table(id).orElseThrow(() -> new NotFoundResponse("There is no table '" + id + "'. Open tables are listed at /tables."));
        templates.page(ctx, "games/table.jte", new TablePage(table, views.recentLog(id), views.history(id),
                "/live?topics=" + Games.tableTopic(id) + "&since=" + since));
    }
}
