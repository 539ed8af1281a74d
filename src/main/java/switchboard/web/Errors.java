package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors at the edge: a deliberate 4xx keeps its message; anything unexpected is logged once
 * with an id that the response shows, so a person can quote it and an operator can find it.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    public static void register(JavalinConfig config) {
        config.routes.exception(HttpResponseException.class, Errors::expected);
        config.routes.exception(Exception.class, Errors::unexpected);
    }

    private static void expected(HttpResponseException e, Context ctx) {
        Problem.answer(ctx, e.getStatus(), e.getStatus() == 413 ? "too-large" : "bad-request", e.getMessage());
    }

    private static void unexpected(Exception e, Context ctx) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
        Problem.answer(ctx, 500, "server-error",
                "Something went wrong on our side (error id " + id + "). It has been logged; try again, and quote the id if it persists.");
    }
}
