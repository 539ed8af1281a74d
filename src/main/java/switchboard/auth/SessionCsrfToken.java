package switchboard.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.matching.matcher.csrf.CsrfTokenGenerator;
import org.pac4j.core.util.Pac4jConstants;

/**
 * One CSRF token per session, made on first need, for pac4j's CsrfAuthorizer to check. pac4j's
 * default generator makes a new token on every request and accepts only the last two, which
 * breaks a page that keeps sending requests (heartbeats, htmx) while another tab loads pages,
 * and writes the session three times a request.
 */
final class SessionCsrfToken implements CsrfTokenGenerator {
    static final Duration LIFETIME = DatabaseSessionStore.LIFETIME;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String get(WebContext context, SessionStore sessions) {
        var token = sessions.get(context, Pac4jConstants.CSRF_TOKEN).map(String::valueOf).filter(t -> !t.isEmpty());
        var expires = sessions.get(context, Pac4jConstants.CSRF_TOKEN_EXPIRATION_DATE).map(v -> (Long) v);
        if (token.isPresent() && expires.isPresent() && expires.get() > System.currentTimeMillis()) {
            return token.get();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.set(context, Pac4jConstants.CSRF_TOKEN, fresh);
        sessions.set(context, Pac4jConstants.CSRF_TOKEN_EXPIRATION_DATE, System.currentTimeMillis() + LIFETIME.toMillis());
        return fresh;
    }
}
