package switchboard.games;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.Templates;

/** {@code GET /tables} and {@code GET /tables/{id}}: live pages for any signed-in account. */
final class TableRoutes {
    private final TableViews views;
    private final Templates templates;
    private final ChangeFeed feed;

    TableRoutes(TableViews views, Templates templates, ChangeFeed feed) {
        this.views = views;
        this.templates = templates;
        this.feed = feed;
    }

    void register(Routes routes) {
        routes.get("/tables", Access.VIEWER, this::list)
                .get("/tables/{id}", Access.VIEWER, this::show);
    }

    private void list(Context ctx) {
        // The seq is read before the data: a change committed in between is replayed, never lost.
        long since = feed.head();
        templates.page(ctx, "games/tables.jte", new TablesPage(views.openTables(), StreamUrl.of(since, Games.tables())));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Games.TABLE_ID.matcher(id).matches()) {
            throw new NotFoundResponse("There is no table '" + id.substring(0, Math.min(id.length(), 64)) + "'.");
        }
        // The action log (an append region) and the stream's seq come from one snapshot: an
        // action committed meanwhile is pushed once, never shown twice.
        var log = feed.readAtHead(List.of(Games.table(id)), tx -> new TableViews(tx).recentLog(id));
        var table = views.table(id).orElseThrow(() -> new NotFoundResponse("There is no table '" + id + "'. Open tables are listed at /tables."));
        templates.page(ctx, "games/table.jte", new TablePage(table, log.value(), views.history(id),
                StreamUrl.of(log.seq(), Games.table(id))));
    }
}
