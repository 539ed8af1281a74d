package switchboard.ops;

import switchboard.auth.Access;
import switchboard.web.Routes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;

/** {@code GET /health}: 200 when the database answers and the change listener is connected, else 503 naming what is down. */
public final class Health {
    private final DSLContext sql;
    private final BooleanSupplier listenerUp;

    public Health(DSLContext sql, BooleanSupplier listenerUp) {
        this.sql = sql;
        this.listenerUp = listenerUp;
    }

    public void register(Routes routes) {
        routes.get("/health", Access.PUBLIC, this::show);
    }

    private void show(Context ctx) {
        boolean database = databaseAnswers();
        boolean listener = listenerUp.getAsBoolean();
        var body = new LinkedHashMap<String, String>();
        body.put("status", database && listener ? "ok" : "down");
        body.put("database", database ? "up" : "down");
        body.put("listener", listener ? "up" : "down");
        ctx.status(database && listener ? 200 : 503).json(body);
    }

    private boolean databaseAnswers() {
        try {
            return sql.fetchValue("select 1") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
