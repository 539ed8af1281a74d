package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import switchboard.web.Templates;

/**
 * {@code /account}: a person changes their own password. Every other session of the account
 * ends and its open streams close on every node (a stolen session does not outlive the change);
 * this browser stays signed in.
 */
final class PasswordRoutes {
    private final Auth auth;
    private final Templates templates;

    PasswordRoutes(Auth auth, Templates templates) {
        this.auth = auth;
        this.templates = templates;
    }

    void register(Routes routes) {
        routes.get("/account", Access.PERSON, ctx -> show(ctx, ctx.queryParam("done") != null ? "Password changed. Your other sessions have ended." : null, null))
                .post("/account/password", Access.PERSON, this::change);
    }

    private void change(Context ctx) {
        User me = auth.user(ctx).orElseThrow();
        String fresh = field(ctx, "password");
        // What can be told without the current password is told first: an empty or short field is
        // no guess and does not count against the throttle.
        String problem = field(ctx, "current").isEmpty() ? "Type your current password." : null;
        try {
            Passwords.requireLongEnough(fresh);
        } catch (IllegalArgumentException e) {
            problem = problem == null ? e.getMessage() : problem;
        }
        if (problem != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, null, problem);
            return;
        }
        if (!fresh.equals(field(ctx, "confirm"))) {
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, null, "The new password and its confirmation differ; type the same password twice.");
            return;
        }
        // The current password is guessed against the sign-in's throttle: a session left open must
        // not let someone try passwords until one works and then lock the owner out.
        String address = auth.clientAddress(ctx);
        long wait = auth.throttle().retryAfterSeconds(me.username(), address);
        if (wait > 0) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(wait));
            show(ctx, null, "Too many wrong current passwords; wait " + wait + " seconds, then try again.");
            return;
        }
        if (auth.users().authenticate(me.username(), field(ctx, "current")).isEmpty()) {
            auth.throttle().failed(me.username(), address);
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, null, "Your current password is not right; type it again.");
            return;
        }
        auth.users().setOwnPassword(me.id(), fresh);
        auth.endOtherSessions(ctx, me.id());
        ctx.redirect("/account?done=password", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, String notice, String error) {
        templates.page(ctx, "auth/account.jte", new AccountPage(auth.user(ctx).orElseThrow().username(), notice, error));
    }

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
