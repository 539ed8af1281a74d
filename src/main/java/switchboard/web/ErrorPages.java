package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A person's browser gets an error as a page in the site's layout: a title, a heading, the
 * plain-language message the refusal already carries, and a way back. The answers stay as
 * they are for machines and for parts of pages: the ingest API's problem+json, and the short
 * text htmx requests, scripts and event streams get. Only a plain-text answer to a request
 * that asks for HTML is replaced, so a page that shows its own error (a form) is left alone.
 */
public final class ErrorPages {
    private static final int[] STATUSES = {400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503};

    private ErrorPages() {
    }

    /** {@code chrome} says who is signed in on an error page (the guard may not have run). */
    public static void register(JavalinConfig config, Templates templates, Function<Context, Chrome> chrome) {
        for (int status : STATUSES) {
            config.routes.error(status, ctx -> {
                // A refusal is about this request (who asked, what they sent): no cache keeps it.
                ctx.header("Cache-Control", "no-store");
                if (wantsPage(ctx)) {
                    render(ctx, templates, chrome);
                }
            });
        }
    }

    static boolean wantsPage(Context ctx) {
        String accept = ctx.header("Accept");
        String type = ctx.res().getContentType();
        return !Problem.wanted(ctx)
                && ctx.header("HX-Request") == null
                && accept != null && accept.contains("text/html")
                && (type == null || type.startsWith("text/plain"));
    }

    private static void render(Context ctx, Templates templates, Function<Context, Chrome> chrome) {
        int status = ctx.statusCode();
        String told = ctx.result();
        String message = told == null || told.isBlank() || status == 404 && told.startsWith("Endpoint ") ? null : told;
        Chrome shown;
        try {
            shown = chrome.apply(ctx);
        } catch (RuntimeException e) {
            shown = Chrome.NONE; // the database is what failed: show the page without the account
        }
        String here = URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8);
        Chrome page = shown;
        Chrome.attach(ctx, () -> page);
        templates.page(ctx, "error.jte", ErrorPage.of(status, message, shown.signedInAs() != null, "/login?next=" + here, backTo(ctx)));
    }

    /**
     * The page on this site the request came from (its Referer's path), unless it is this one: a
     * refused form's page offers to go back to it, where the browser's Back keeps what was typed.
     */
    static String backTo(Context ctx) {
        return SafeRedirect.refererPath(ctx.header("Referer"))
                .filter(p -> !p.equals(ctx.path()) && !p.startsWith(ctx.path() + "?")).orElse(null);
    }
}
