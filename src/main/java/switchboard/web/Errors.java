package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.Outages;

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
        // A body in a charset we cannot decode is the sender's mistake wherever it is first read.
        config.routes.exception(java.nio.charset.UnsupportedCharsetException.class, Errors::badCharset);
        config.routes.exception(java.nio.charset.IllegalCharsetNameException.class, Errors::badCharset);
        config.routes.exception(Exception.class, Errors::unexpected);
    }

    private static void expected(HttpResponseException e, Context ctx) {
        String message = e.getMessage();
        if (e.getStatus() == 405) {
            String allowed = e.getDetails().getOrDefault("availableMethods", "");
            if (!allowed.isEmpty()) {
                ctx.header("Allow", allowed);
            }
            message = "This address does not take " + ctx.method() + (allowed.isEmpty() ? "." : "; it takes " + allowed + ".");
        }
        Problem.answer(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 503 -> "unavailable";
            default -> "bad-request";
        }, message);
    }

    private static void badCharset(Exception e, Context ctx) {
        Problem.answer(ctx, 400, "bad-request", "The request names a character set this site does not read ("
                + TextInput.describe(e) + "); send it as UTF-8.");
    }

    private static void unexpected(Exception e, Context ctx) {
        if (Outages.isOutage(e)) {
            // Nothing is wrong with the request: the database is restarting or out of connections.
            log.warn("Request {} {} answered 503: PostgreSQL is unavailable ({}). It recovers by itself when the database answers again; check the database if this persists.",
                    ctx.method(), ctx.path(), Outages.rootMessage(e));
            ctx.header("Retry-After", String.valueOf(2 + ThreadLocalRandom.current().nextInt(4)));
            Problem.answer(ctx, 503, "unavailable",
                    "The service is briefly unavailable (its database is not answering). Nothing was lost; try again in a few seconds.");
            return;
        }
        // Jetty refuses a malformed request (a broken multipart body read late) with its own 4xx.
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
                Problem.answer(ctx, bad.getCode(), "bad-request", "The request could not be read (" + TextInput.describe(bad) + "); check its body and Content-Type.");
                return;
            }
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
        Problem.answer(ctx, 500, "server-error",
                "Something went wrong on our side (error id " + id + "). It has been logged; try again, and quote the id if it persists.");
    }
}
