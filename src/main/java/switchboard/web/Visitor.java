package switchboard.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.regex.Pattern;

/**
 * Anonymous visitors are told apart by a random id in an HttpOnly cookie, made on first sight.
 * It identifies, it does not authenticate: it only keeps one browser's holds apart from another's.
 */
public final class Visitor {
    static final String COOKIE = "sb_visitor";
    private static final String SECURE = "sb.secureCookies";
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");

    private Visitor() {
    }

    /** Marks the visitor cookie Secure on every request when the site is served over https. */
    public static void register(io.javalin.config.JavalinConfig config, boolean secure) {
        if (secure) {
            config.routes.before(ctx -> ctx.attribute(SECURE, true));
        }
    }

    /** The visitor's id when the request carries a well-formed one; never sets a cookie. */
    public static java.util.Optional<String> existing(Context ctx) {
        String made = ctx.attribute(COOKIE);
        String id = made != null ? made : ctx.cookie(COOKIE);
        return id != null && FORM.matcher(id).matches() ? java.util.Optional.of(id) : java.util.Optional.empty();
    }

    /** The visitor's id, setting the cookie when the request has none or a malformed one. */
    public static String id(Context ctx) {
        var known = existing(ctx);
        if (known.isPresent()) {
            return known.get();
        }
        String fresh = Tokens.random(16);
        var cookie = new Cookie(COOKIE, fresh);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setSecure(Boolean.TRUE.equals(ctx.attribute(SECURE)));
        cookie.setMaxAge(60 * 60 * 24 * 365);
        ctx.cookie(cookie);
        ctx.attribute(COOKIE, fresh);
        return fresh;
    }
}
