package switchboard.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.pac4j.core.engine.DefaultCallbackLogic;
import org.pac4j.core.engine.DefaultLogoutLogic;
import org.pac4j.javalin.JavalinFrameworkParameters;
import switchboard.web.Templates;

/** The login page, pac4j's callback that the login form posts to, and logout. */
final class LoginRoutes {
    private final Auth auth;
    private final Templates templates;

    LoginRoutes(Auth auth, Templates templates) {
        this.auth = auth;
        this.templates = templates;
    }

    void register(JavalinConfig config) {
        config.routes.get("/login", this::page);
        config.routes.post(Auth.CALLBACK, this::callback);
        config.routes.post("/logout", this::logout);
    }

    private void page(Context ctx) {
        if (auth.user(ctx).isPresent()) {
            ctx.redirect("/");
            return;
        }
        String username = ctx.queryParam("username");
        boolean failed = ctx.queryParam("error") != null;
        templates.page(ctx, "auth/login.jte", new LoginPage(username == null ? "" : username, failed));
    }

    private void callback(Context ctx) {
        DefaultCallbackLogic.INSTANCE.perform(auth.config(), "/", true, "FormClient", new JavalinFrameworkParameters(ctx));
    }

    private void logout(Context ctx) {
        DefaultLogoutLogic.INSTANCE.perform(auth.config(), "/", null, true, true, false, new JavalinFrameworkParameters(ctx));
    }
}
