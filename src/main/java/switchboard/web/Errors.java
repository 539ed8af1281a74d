package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.Commits;
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
        register(config, () -> false, () -> { });
    }

    /**
     * The same, refusing requests at once while {@code knownDown} says the database is away (not
     * health, metrics or static files, which do not need it) and telling {@code outageSeen} of
     * each request an outage failed.
     */
    public static void register(JavalinConfig config, java.util.function.BooleanSupplier knownDown, Runnable outageSeen) {
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (Outages.isOutage(e)) {
                outageSeen.run();
            }
            unexpected(e, ctx);
        });
        config.routes.before(ctx -> {
            Commits.forget();
            String path = ctx.path();
            if (!path.startsWith("/health") && !path.startsWith("/static/") && !path.startsWith("/webjars/") && !path.equals("/metrics")
                    && knownDown.getAsBoolean()) {
                throw new org.jooq.exception.DataAccessException("refused at once",
                        new java.sql.SQLTransientConnectionException("PostgreSQL did not answer a moment ago and still does not", "08001"));
            }
        });
        config.routes.exception(HttpResponseException.class, Errors::expected);
        // A body in a charset we cannot decode is the sender's mistake wherever it is first read.
        config.routes.exception(java.nio.charset.UnsupportedCharsetException.class, Errors::badCharset);
        config.routes.exception(java.nio.charset.IllegalCharsetNameException.class, Errors::badCharset);
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
        if (e.getStatus() == 413 && "Content Too Large".equals(message)) {
            message = BodyLimit.overWhileRead(ctx);
        }
        Problem.answer(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 503 -> "unavailable";
            default -> "bad-request";
        }, message);
    }

    /**
     * The database went away after this request committed (or while it committed): saying "nothing
     * was lost, try again" would have the change sent twice. A saved change is answered as saved
     * (htmx: nothing to swap, the stream shows it once the database answers; a plain form: on to
     * the page it came from); one whose commit was cut off says it may be saved.
     */
    private static void afterCommit(Exception e, Context ctx) {
        boolean saved = Commits.state() == Commits.State.DONE;
        log.warn("Request {} {} {} its change, then lost PostgreSQL ({}); pages get the change once the database answers again.",
                ctx.method(), ctx.path(), saved ? "committed" : "was committing", Outages.rootMessage(e));
        if (saved && ctx.header("HX-Request") != null) {
            ctx.status(200).header("HX-Reswap", "none").result("");
        } else if (saved && !ctx.path().startsWith("/ingest/")) {
            ctx.redirect(SafeRedirect.refererPath(ctx.header("Referer")).orElse("/"), io.javalin.http.HttpStatus.SEE_OTHER);
        } else {
            ctx.header("Retry-After", "5");
            Problem.answer(ctx, 503, "unavailable", saved
                    ? "Your change was saved, but the database stopped answering before the reply; do not send it again."
                    : "The database stopped answering while saving your change, so it may or may not be saved: reload the page in a few seconds and check before you send it again.");
        }
    }

    private static void badCharset(Exception e, Context ctx) {
        Problem.answer(ctx, 400, "bad-request", "The request names a character set this site does not read ("
                + TextInput.describe(e) + "); send it as UTF-8.");
    }

    private static void unexpected(Exception e, Context ctx) {
        boolean reading = ctx.method() == io.javalin.http.HandlerType.GET || ctx.method() == io.javalin.http.HandlerType.HEAD;
        if (Outages.isOutage(e) && !reading && Commits.state() != Commits.State.NONE) {
            afterCommit(e, ctx);
            return;
        }
        if (Outages.isOutage(e)) {
            // Nothing is wrong with the request: the database is restarting or out of connections.
            log.warn("Request {} {} answered 503: PostgreSQL is unavailable ({}). It recovers by itself when the database answers again; check the database if this persists.",
                    ctx.method(), ctx.path(), Outages.rootMessage(e));
            ctx.header("Retry-After", String.valueOf(2 + ThreadLocalRandom.current().nextInt(4)));
            Problem.answer(ctx, 503, "unavailable", "The service is briefly unavailable (its database is not answering). " + (reading
                    ? "Nothing was lost; try again in a few seconds."
                    : "Try again in a few seconds; if you sent a change, reload the page first to see whether it was saved."));
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
