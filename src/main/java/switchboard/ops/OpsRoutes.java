package switchboard.ops;

import io.javalin.http.Context;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.Templates;

/** {@code GET /admin/ops} (admins): the nodes, live; {@code ?trace=<key>} adds one event's trace. */
final class OpsRoutes {
    private final Ops ops;
    private final OpsStore store;
    private final Templates templates;
    private final ChangeFeed feed;

    OpsRoutes(Ops ops, OpsStore store, Templates templates, ChangeFeed feed) {
        this.ops = ops;
        this.store = store;
        this.templates = templates;
        this.feed = feed;
    }

    void register(Routes routes) {
        routes.get("/admin/ops", Access.ADMIN, this::show);
    }

    private void show(Context ctx) {
        String query = ctx.queryParam("trace") == null ? "" : ctx.queryParam("trace").strip();
        String problem = null;
        List<EventTrace> traces = List.of();
        if (!query.isEmpty() && !query.matches("[\\x21-\\x7e]{1,200}")) {
            problem = "An Idempotency-Key or eventId is 1 to 200 printable characters without spaces.";
            ctx.status(400);
        } else if (!query.isEmpty()) {
            traces = store.trace(query);
        }
        long since = feed.head();
        templates.page(ctx, "ops/ops.jte", new OpsPage(ops.nodes(), StreamUrl.of(since, Ops.topic()), query, problem, traces));
    }
}
