package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Headers on every response. The policy allows scripts, styles and connections only from our
 * own origin, and no inline script at all: the pages' JavaScript is in static/js, and htmx is
 * told not to inject its indicator styles. No page may be framed.
 */
public final class SecurityHeaders {
    static final String POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {
    }

    public static void register(JavalinConfig config) {
        config.routes.before(SecurityHeaders::add);
    }

    /** Every response's headers; also on what Jetty answers before the app runs ({@link JettyErrors}). */
    static final java.util.Map<String, String> HEADERS = java.util.Map.of(
            "Content-Security-Policy", POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY");

    private static void add(Context ctx) {
        HEADERS.forEach(ctx::header);
    }
}
