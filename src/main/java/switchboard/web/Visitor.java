package switchboard.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Anonymous visitors are told apart by a random id in an HttpOnly cookie, made on first sight.
 * It identifies, it does not authenticate: it only keeps one browser's holds apart from another's.
 */
public final class Visitor {
    static final String COOKIE = "sb_visitor";
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Visitor() {
    }

    /** The visitor's id, setting the cookie when the request has none or a malformed one. */
    public static String id(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id != null && FORM.matcher(id).matches()) {
            return id;
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var cookie = new Cookie(COOKIE, fresh);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge(60 * 60 * 24 * 365);
        ctx.cookie(cookie);
        ctx.attribute(COOKIE, fresh);
        return fresh;
    }
}
