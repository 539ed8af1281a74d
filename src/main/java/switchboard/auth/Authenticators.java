package switchboard.auth;

import io.javalin.http.Context;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.TokenCredentials;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.pac4j.core.exception.CredentialsException;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.javalin.JavalinWebContext;

/**
 * pac4j's two authenticators: a person's username and password (the login form) and a
 * machine's API key (a bearer token), each turned into the profile pac4j keeps. The key and the
 * seconds its request must wait are left on the request for {@link Auth} to read.
 */
final class Authenticators {
    static final String API_KEY = "sb.apiKey";
    /** The seconds an API request must wait, as taken with its key's lookup. */
    static final String API_WAIT = "sb.apiWait";

    private final Users users;
    private final ApiKeys apiKeys;
    private final RateLimiter apiLimiter;

    Authenticators(Users users, ApiKeys apiKeys, RateLimiter apiLimiter) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.apiLimiter = apiLimiter;
    }

    static CommonProfile profile(User user) {
        var profile = new CommonProfile();
        profile.setId(String.valueOf(user.id()));
        profile.addRole(user.role().name());
        profile.addAttribute("username", user.username());
        return profile;
    }

    Optional<Credentials> form(CallContext call, Credentials credentials) {
        var given = (UsernamePasswordCredentials) credentials;
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        // One message for every failure: it must not tell whether the account exists.
        User user = users.authenticate(given.getUsername(), given.getPassword())
                .filter(u -> u.role() != Role.KIOSK)
                .orElseThrow(() -> {
                    LoginThrottle.Attempt attempt = ctx.attribute(LoginRoutes.ATTEMPT);
                    if (attempt != null) {
                        attempt.failed();
                    }
                    return new CredentialsException("unknown");
                });
        given.setUserProfile(profile(user));
        return Optional.of(given);
    }

    Optional<Credentials> apiKey(CallContext call, Credentials credentials) {
        var token = (TokenCredentials) credentials;
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        return switchboard.web.Bearer.token(token.getToken()).flatMap(secret -> apiKeys.authenticate(secret, apiLimiter)).map(taken -> {
            var key = taken.key();
            ctx.attribute(API_WAIT, taken.waitSeconds());
            var profile = new CommonProfile();
            profile.setId("key:" + key.id());
            profile.addAttribute("scope", key.scope());
            ctx.attribute(API_KEY, key);
            token.setUserProfile(profile);
            return token;
        });
    }
}
