package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.pac4j.core.engine.DefaultCallbackLogic;
import org.pac4j.core.engine.DefaultLogoutLogic;
import org.pac4j.javalin.JavalinFrameworkParameters;
import switchboard.web.SafeRedirect;
import switchboard.web.Templates;

/**
 * The login page, pac4j's callback that the login form posts to, logout, and kiosk links.
 * Failed sign-ins are throttled per account name and per client address (429, Retry-After).
 */
final class LoginRoutes {
    private static final String NOTHING = "(?!)";
    /** The request's {@link LoginThrottle.Attempt}, for the form authenticator to mark failed. */
    static final String ATTEMPT = "sb.login.attempt";

    private final Auth auth;
    private final Templates templates;
    private final DefaultCallbackLogic callbackLogic = new DefaultCallbackLogic();

    public LoginRoutes(Auth auth, Templates templates) {
        this.auth = auth;
        this.templates = templates;
        // After sign-in, back to the form's 'next' path: never to a URL kept in a session.
        callbackLogic.setSavedRequestHandler(auth.returnTo());
    }

    public void register(Routes routes) {
        new PasswordRoutes(auth, templates).register(routes);
        routes.get("/login", Access.PUBLIC, this::page)
                .post(Auth.CALLBACK, Access.PUBLIC, this::callback)
                .post("/logout", Access.PUBLIC, this::logout)
                .get(KioskLinks.PATH + "{token}", Access.PUBLIC, this::kiosk)
                .get("/ingest/v1/key", Access.INGEST, this::key);
    }

    private void page(Context ctx) {
        if (auth.user(ctx).isPresent()) {
            ctx.redirect("/");
            return;
        }
        String username = ctx.queryParam("username");
        boolean failed = ctx.queryParam("error") != null;
        String next = SafeRedirect.path(ctx.queryParam(ReturnAfterSignIn.FIELD)).orElse("");
        templates.page(ctx, "auth/login.jte", new LoginPage(username == null ? "" : username, failed, next));
    }

    private void callback(Context ctx) {
        var attempt = begin(ctx, ctx.formParam("username"));
        if (attempt.refused()) {
            return;
        }
        try {
            // The form authenticator marks the attempt failed on a wrong password (Authenticators.form).
            ctx.attribute(ATTEMPT, attempt);
            callbackLogic.perform(auth.config(), "/", true, Auth.FORM_CLIENT, new JavalinFrameworkParameters(ctx));
        } finally {
            auth.throttle().end(attempt);
        }
    }

    /**
     * Logs out, then goes to {@code url} when it is a same-site path. pac4j's own check of
     * {@code url} (a prefix pattern) let {@code /\host} through, so pac4j is given a pattern
     * that matches nothing and our parsed target as its default.
     */
    private void logout(Context ctx) {
        String url = ctx.queryParam("url") != null ? ctx.queryParam("url") : formUrl(ctx);
        String target = auth.settings().redirects().to(url, "/");
        DefaultLogoutLogic.INSTANCE.perform(auth.config(), target, NOTHING, true, true, false, new JavalinFrameworkParameters(ctx));
    }

    private static String formUrl(Context ctx) {
        return ctx.isFormUrlencoded() || ctx.isMultipartFormData() ? ctx.formParam("url") : null;
    }

    /** A kiosk link signs this browser in as the link's KIOSK account and opens the kiosk view. */
    private void kiosk(Context ctx) {
        var attempt = begin(ctx, null);
        if (attempt.refused()) {
            return;
        }
        var user = auth.kioskLinks().redeem(ctx.pathParam("token"));
        if (user.isEmpty()) {
            attempt.failed();
            ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain; charset=utf-8")
                    .result("This kiosk link is unknown or has been revoked. Ask an admin for a new one.");
            return;
        }
        auth.throttle().end(attempt);
        auth.signIn(ctx, user.get());
        ctx.redirect("/");
    }

    /** Lets a game server check its key: which key this is and its scope. */
    private void key(Context ctx) {
        ApiKey key = auth.apiKey(ctx).orElseThrow();
        ctx.json(java.util.Map.of("name", key.name(), "key", key.shownAs(), "scope", key.scope()));
    }

    /** Starts a sign-in attempt; a refused one is answered 429 here. */
    private LoginThrottle.Attempt begin(Context ctx, String username) {
        var attempt = auth.throttle().begin(username, auth.clientAddress(ctx));
        if (!attempt.refused()) {
            return attempt;
        }
        long wait = attempt.waitSeconds();
        ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(wait))
                .contentType("text/plain; charset=utf-8")
                .result("Too many failed sign-ins for this account or from this address. Wait " + wait + " s and try again.");
        return attempt;
    }
}
