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
        if (path.startsWith("/login?") && path.contains("error=")) {
            path = failedSignIn(ctx, path);
        }
        return redirects.to(path, "/");
    }

    /**
     * A failed sign-in goes back to the login page with its message, what was typed as the
     * username, and the page to return to (the form's {@code next}: before, it was dropped, and
     * the right password then led to {@code /}). The error names no Java exception. Pasted text too
     * long for a redirect still lands on the login page with its message, not on "/" as if it had worked.
     */
    private static String failedSignIn(Context ctx, String path) {
        String failed = path.replaceFirst("error=[^&]*", "error=signin");
        String next = ctx.isFormUrlencoded() ? SafeRedirect.path(ctx.formParam(FIELD)).orElse(null) : null;
        String back = next == null ? "" : "&" + FIELD + "=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        if (SafeRedirect.path(failed + back).isPresent()) {
            return failed + back;
        }
        return SafeRedirect.path("/login?error=signin" + back).orElse("/login?error=signin");
    }

    @Override
    public HttpAction restore(CallContext call, String defaultUrl) {
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        return HttpActionHelper.buildRedirectUrlAction(call.webContext(), redirects.to(ctx.formParam(FIELD), defaultUrl));
    }
}
