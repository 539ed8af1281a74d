package switchboard.ops;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.BooleanSupplier;
import switchboard.auth.Access;
import switchboard.auth.Routes;

/**
 * Health for people and balancers. {@code GET /health}: 200 when the database answers and the
 * change listener is connected, else 503 naming what is down. {@code GET /health/ready}: the
 * same, and 503 while the node still prepares what it was started to prepare (status "starting":
 * the embedded start's demo data) and once it is draining (SIGTERM), so a balancer sends it no
 * work before it can do it or after it has begun to stop.
 * {@code GET /health/live}: 200 while the process serves at all (restart it when this fails).
 */
public final class Health {
    private final BooleanSupplier database;
    private final BooleanSupplier listenerUp;
    private final BooleanSupplier draining;
    private final java.util.function.Supplier<String> starting;

    /** {@code database} answers fast and on its own connection (see {@code Database.answers}): health never waits on the pool. */
    public Health(BooleanSupplier database, BooleanSupplier listenerUp, BooleanSupplier draining, java.util.function.Supplier<String> starting) {
        this.starting = starting;
        this.database = database;
        this.listenerUp = listenerUp;
        this.draining = draining;
    }

    public void register(Routes routes) {
        routes.get("/health", Access.PUBLIC, ctx -> show(ctx, false))
                .get("/health/ready", Access.PUBLIC, ctx -> show(ctx, true))
                .get("/health/live", Access.PUBLIC, this::alive);
    }

    private void show(Context ctx, boolean readiness) {
        boolean databaseUp = database.getAsBoolean();
        boolean listener = listenerUp.getAsBoolean();
        boolean stopping = readiness && draining.getAsBoolean();
        String preparing = readiness ? starting.get() : null;
        boolean ok = databaseUp && listener && !stopping && preparing == null;
        var body = new LinkedHashMap<String, String>();
        body.put("status", ok ? "ok" : stopping ? "draining" : !databaseUp || !listener ? "down" : "starting");
        if (preparing != null) {
            body.put("starting", preparing);
        }
        body.put("database", databaseUp ? "up" : "down");
        body.put("listener", listener ? "up" : "down");
        ctx.status(ok ? 200 : 503).json(body);
    }

    private void alive(Context ctx) {
        ctx.json(java.util.Map.of("status", draining.getAsBoolean() ? "draining" : "ok"));
    }
}
