package switchboard.ops;

import io.javalin.http.Context;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.live.Hub;

/** {@code GET /admin/metrics}: this node's counters, for admins and the benchmarks. */
public final class Metrics {
    private final Database database;
    private final Hub hub;

    public Metrics(Database database, Hub hub) {
        this.database = database;
        this.hub = hub;
    }

    public void register(Routes routes) {
        routes.get("/admin/metrics", Access.ADMIN, this::show);
    }

    private void show(Context ctx) {
        ctx.json(Map.of(
                "queries", database.queryCount(),
                "liveStreams", hub.connectionCount(),
                "droppedStreams", hub.droppedCount(),
                "cursor", hub.cursor()));
    }
}
