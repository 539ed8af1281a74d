package switchboard.auth;

import static switchboard.db.jooq.Tables.SIGNING_KEYS;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.DSLContext;
import org.pac4j.core.authorization.authorizer.Authorizer;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.web.Chrome;
import switchboard.web.Tokens;
import switchboard.web.Visitor;

/**
 * CSRF tokens, and the check every state-changing request of a person passes. A session has one
 * token, made on first need and replaced at sign-in. A visitor without a session (the login
 * form, the hold button) gets a signed double-submit token instead: an HMAC of their visitor
 * cookie under a cluster-wide key, so no session row is stored for them and any node accepts it.
 *
 * <p>The token is read from the {@code pac4jCsrfToken} header (htmx, fetch) or form field, never
 * from the query string (which leaks through logs and Referer). Both the real method and the
 * method the router sees must be safe for a request to go without one. Comparison is of every
 * byte, in constant time (pac4j 6.3's own check compares only {@code hashCode()}s).
 */
final class CsrfTokens implements Authorizer {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final DatabaseSessionStore sessions;
    private final byte[] key;

    CsrfTokens(DSLContext sql, DatabaseSessionStore sessions) {
        this.sessions = sessions;
        this.key = signingKey(sql);
    }

    /** The token this request's pages and fragments carry. */
    String forPage(Context ctx) {
        var context = new JavalinWebContext(ctx);
        if (sessions.currentId(context).isPresent()) {
            return sessionToken(context, true);
        }
        return signed(Visitor.id(ctx));
    }

    @Override
    public boolean isAuthorized(WebContext context, SessionStore store, List<UserProfile> profiles) {
        Context ctx = ((JavalinWebContext) context).getContext();
        if (SAFE.contains(ctx.req().getMethod()) && SAFE.contains(ctx.method().name())) {
            return true;
        }
        String given = ctx.header(Chrome.CSRF_FIELD);
        if (given == null && ctx.contentType() != null
                && (ctx.contentType().startsWith("application/x-www-form-urlencoded") || ctx.isMultipartFormData())) {
            given = ctx.formParam(Chrome.CSRF_FIELD);
        }
        String expected;
        if (sessions.currentId(context).isPresent()) {
            expected = sessionToken(context, false);
        } else {
            expected = Visitor.existing(ctx).map(this::signed).orElse(null);
        }
        return given != null && expected != null && !given.isEmpty()
                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private String sessionToken(WebContext context, boolean create) {
        var token = sessions.get(context, Pac4jConstants.CSRF_TOKEN).map(String::valueOf).filter(t -> !t.isEmpty());
        var expires = sessions.get(context, Pac4jConstants.CSRF_TOKEN_EXPIRATION_DATE).map(v -> (Long) v);
        if (token.isPresent() && expires.isPresent() && expires.get() > System.currentTimeMillis()) {
            return token.get();
        }
        if (!create) {
            return null;
        }
        String fresh = Tokens.random();
        sessions.set(context, Pac4jConstants.CSRF_TOKEN, fresh);
        sessions.set(context, Pac4jConstants.CSRF_TOKEN_EXPIRATION_DATE, System.currentTimeMillis() + DatabaseSessionStore.LIFETIME.toMillis());
        return fresh;
    }

    /** "v1." and the HMAC of the visitor id: a session token never starts so, so the two never collide. */
    private String signed(String visitorId) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = mac.doFinal(("csrf:" + visitorId).getBytes(StandardCharsets.UTF_8));
            return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The cluster's key, made by whichever node starts first. */
    private static byte[] signingKey(DSLContext sql) {
        sql.insertInto(SIGNING_KEYS, SIGNING_KEYS.NAME, SIGNING_KEYS.VALUE)
                .values("csrf", Tokens.randomBytes(32))
                .onConflictDoNothing()
                .execute();
        return sql.select(SIGNING_KEYS.VALUE)
                .from(SIGNING_KEYS)
                .where(SIGNING_KEYS.NAME.eq("csrf"))
                .fetchSingle(SIGNING_KEYS.VALUE);
    }
}
