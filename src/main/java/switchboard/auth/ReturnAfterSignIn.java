package switchboard.auth;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.engine.savedrequest.SavedRequestHandler;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.util.HttpActionHelper;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.web.SafeRedirect;

/**
 * The page to return to after sign-in travels in the login form ({@code next}), not in a
 * session: pac4j's default saves the full requested URL, built from the Host header, in a new
 * session, so every anonymous look at a members' page stored a row and a forged Host could send
 * the person elsewhere after signing in. Only a same-site path is kept, checked by parsing.
 */
final class ReturnAfterSignIn implements SavedRequestHandler {
    static final String FIELD = "next";
    private static final String PENDING = "sb.next";

    private final SafeRedirect redirects;

    ReturnAfterSignIn(SafeRedirect redirects) {
        this.redirects = redirects;
    }

    @Override
    public void save(CallContext call) {
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        if ("GET".equals(ctx.req().getMethod())) {
            String query = ctx.queryString();
            SafeRedirect.path(ctx.path() + (query == null ? "" : "?" + query)).ifPresent(path -> ctx.attribute(PENDING, path));
        }
    }

    /**
     * Where a redirect of pac4j's really goes. pac4j makes the login page's address absolute from
     * the request's Host header; it is rebuilt here from the configured public URL (or kept
     * relative), with the page to come back to when there is one.
     */
    String location(Context ctx, String location) {
        String path;
        try {
            path = SafeRedirect.pathAndQuery(new java.net.URI(location));
        } catch (java.net.URISyntaxException e) {
            return redirects.to("/", "/");
        }
        String next = ctx.attribute(PENDING);
        if (next != null && path.equals("/login")) {
            path = path + "?" + FIELD + "=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        }
        if (path.startsWith("/login?") && path.contains("error=") && SafeRedirect.path(path).isEmpty()) {
            // A failed sign-in comes back with what was typed as the username: pasted text too
            // long for a redirect still lands on the login page with its message, not on "/" as if
            // it had worked.
            path = "/login?error=CredentialsException";
        }
        return redirects.to(path, "/");
    }

    @Override
    public HttpAction restore(CallContext call, String defaultUrl) {
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        return HttpActionHelper.buildRedirectUrlAction(call.webContext(), redirects.to(ctx.formParam(FIELD), defaultUrl));
    }
}
