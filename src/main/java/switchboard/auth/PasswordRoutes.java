package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import switchboard.web.Templates;

/**
 * {@code /account}: a person changes their own password. Every other session of the account
 * ends and its open streams close on every node (a stolen session does not outlive the change);
 * this browser stays signed in under a new session id.
 */
final class PasswordRoutes {
    private final Auth auth;
    private final Templates templates;

    PasswordRoutes(Auth auth, Templates templates) {
        this.auth = auth;
        this.templates = templates;
    }

    void register(Routes routes) {
        routes.get("/account", Access.PERSON, ctx -> show(ctx, "password".equals(ctx.queryParam("done")) ? "Password changed. Your other sessions have ended." : null, null))
                .post("/account/password", Access.PERSON, this::change);
    }

    private void change(Context ctx) {
        User me = auth.user(ctx).orElseThrow();
        String fresh = field(ctx, "password");
        // What can be told without the current password is told first: a field left empty, a
        // password refused or typed differently twice is no guess and does not count against
        // the throttle.
        String problem = problem(field(ctx, "current"), fresh, field(ctx, "confirm"));
        if (problem != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            show(ctx, null, problem);
            return;
        }
        // The current password is guessed against the sign-in's throttle: a session left open must
        // not let someone try passwords until one works and then lock the owner out.
        var attempt = auth.throttle().begin(me.username(), auth.clientAddress(ctx));
        if (attempt.refused()) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(attempt.waitSeconds()));
            show(ctx, null, "Too many wrong current passwords; wait " + attempt.waitSeconds() + " seconds, then try again.");
            return;
        }
        try {
            if (auth.users().authenticate(me.username(), field(ctx, "current")).isEmpty()) {
                attempt.failed();
                ctx.status(HttpStatus.BAD_REQUEST);
                show(ctx, null, "Your current password is not right; type it again.");
                return;
            }
        } finally {
            auth.throttle().end(attempt);
        }
        auth.users().setOwnPassword(me.id(), fresh);
        auth.afterPasswordChange(ctx, me.id());
        ctx.redirect("/account?done=password", HttpStatus.SEE_OTHER);
    }

    /** What is wrong with the form before its current password is checked, or null. */
    private static String problem(String current, String fresh, String confirm) {
        if (current.isEmpty()) {
            return "Type your current password.";
        }
        try {
            Passwords.requireAcceptable(fresh);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (fresh.equals(current)) {
            return "The new password is the same as the current one; choose a different one.";
        }
        return fresh.equals(confirm) ? null : "The new password and its confirmation differ; type the same password twice.";
    }

    private void show(Context ctx, String notice, String error) {
        templates.page(ctx, "auth/account.jte", new AccountPage(auth.user(ctx).orElseThrow().username(), notice, error));
    }

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
