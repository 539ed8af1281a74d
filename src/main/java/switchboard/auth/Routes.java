package switchboard.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way routes are added: each with the {@link Access} that guards it. The list is what
 * the access-matrix test walks, so a route cannot be added without saying who may call it.
 */
public final class Routes {
    public record Route(String method, String path, Access access) {
    }

    private final JavalinConfig config;
    private final Auth auth;
    private final List<Route> all = new ArrayList<>();

    public Routes(JavalinConfig config, Auth auth) {
        this.config = config;
        this.auth = auth;
    }

    /**
     * A GET, and the same handler for HEAD: Javalin answered HEAD for a GET route itself, 200 and
     * empty, without running the guard or the handler, so {@code HEAD /admin/users} said 200 to
     * anyone and a balancer's HEAD on {@code /health/ready} said ready while the node was not (a
     * review). The server sends no body for HEAD.
     */
    public Routes get(String path, Access access, Handler handler) {
        Handler guarded = auth.guard(access, handler);
        config.routes.get(path, guarded);
        config.routes.head(path, guarded);
        return note("GET", path, access);
    }

    /**
     * The live stream: a GET open to everyone ({@link Access#PUBLIC}) behind {@link
     * Auth#guardStream}, whose {@code outside} runs around the guard, before anything asks who is
     * calling (admission, say).
     */
    public Routes stream(String path, Handler handler, java.util.function.UnaryOperator<Handler> outside) {
        config.routes.get(path, outside.apply(auth.guardStream(handler)));
        // A stream has no end to measure: HEAD gets 405 naming GET, not an empty 200.
        config.routes.head(path, ctx -> {
            ctx.header("Allow", "GET");
            throw new io.javalin.http.HttpResponseException(405, "The live stream answers GET only.");
        });
        return note("GET", path, Access.PUBLIC);
    }

    public Routes post(String path, Access access, Handler handler) {
        config.routes.post(path, auth.guard(access, handler));
        return note("POST", path, access);
    }

    public Routes put(String path, Access access, Handler handler) {
        config.routes.put(path, auth.guard(access, handler));
        return note("PUT", path, access);
    }

    public Routes delete(String path, Access access, Handler handler) {
        config.routes.delete(path, auth.guard(access, handler));
        return note("DELETE", path, access);
    }

    private Routes note(String method, String path, Access access) {
        all.add(new Route(method, path, access));
        return this;
    }

    public List<Route> all() {
        return List.copyOf(all);
    }
}
