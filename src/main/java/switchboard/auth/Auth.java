package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.pac4j.core.authorization.authorizer.Authorizer;
import org.pac4j.core.client.direct.AnonymousClient;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.TokenCredentials;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.pac4j.core.engine.DefaultSecurityLogic;
import org.pac4j.core.exception.CredentialsException;
import org.pac4j.core.profile.AnonymousProfile;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.http.client.direct.HeaderClient;
import org.pac4j.http.client.indirect.FormClient;
import org.pac4j.javalin.JavalinFrameworkParameters;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.live.Viewer;
import switchboard.web.Chrome;
import switchboard.web.Problem;
import switchboard.web.RateLimiter;
import switchboard.web.Visitor;

/**
 * Who is making a request and what they may do, as pac4j establishes it: form login for people
 * (a FormClient whose authenticator checks the users table), API keys as bearer tokens for
 * machines (a HeaderClient), sessions in the database, CSRF tokens per session. Every route is
 * wrapped by {@link #guard} with its {@link Access}.
 */
public final class Auth {
    static final String CALLBACK = "/callback";
    static final String FORM_CLIENT = "FormClient";
    static final String API_CLIENT = "ApiKeyClient";
    static final String PAGE_CLIENTS = "FormClient,AnonymousClient";
    private static final String USER = "sb.user";
    private static final String API_KEY = "sb.apiKey";

    private static final DefaultSecurityLogic API_LOGIC = new DefaultSecurityLogic().setLoadProfilesFromSession(false);

    private final Users users;
    private final ApiKeys apiKeys;
    private final KioskLinks kioskLinks;
    private final DatabaseSessionStore sessions;
    private final SessionCsrfToken csrfTokens = new SessionCsrfToken();
    private final LoginThrottle throttle;
    private final RateLimiter apiLimiter;
    private final Config config;

    public Auth(DSLContext sql, boolean secureCookies, LoginThrottle throttle, RateLimiter apiLimiter) {
        this.users = new Users(sql);
        this.apiKeys = new ApiKeys(sql);
        this.kioskLinks = new KioskLinks(sql);
        this.sessions = new DatabaseSessionStore(sql, secureCookies);
        this.throttle = throttle;
        this.apiLimiter = apiLimiter;

        var form = new FormClient("/login", this::authenticate);
        var apiKey = new HeaderClient("Authorization", "Bearer ", this::authenticateKey);
        apiKey.setName(API_CLIENT);
        this.config = Pac4jSetup.config(sessions, Map.of(
                "csrf", Pac4jSetup.denyWith(new StrictCsrfAuthorizer(),
                        "This form is out of date or did not come from this site (its CSRF token is missing or wrong). Reload the page and try again."),
                "notKiosk", Pac4jSetup.denyWith((context, store, profiles) -> user(((JavalinWebContext) context).getContext())
                        .map(u -> u.role() != Role.KIOSK).orElse(true), "Kiosk screens only watch; sign in as a person to take part."),
                "viewer", roles(Role.ADMIN, Role.MEMBER, Role.KIOSK),
                "member", roles(Role.ADMIN, Role.MEMBER),
                "admin", roles(Role.ADMIN),
                "ingest", Pac4jSetup.denyWith((context, store, profiles) -> profiles.stream()
                        .anyMatch(p -> ApiKeys.SCOPE_INGEST.equals(p.getAttribute("scope"))),
                        "This API key is not scoped to ingest.")), form, apiKey);
    }

    public Users users() {
        return users;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public KioskLinks kioskLinks() {
        return kioskLinks;
    }

    Config config() {
        return config;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    /**
     * The handler, behind pac4j's security logic for {@code access}: the caller is authenticated
     * (session, or API key), authorized (role, scope) and, for state-changing methods, the CSRF
     * token is checked. Refusals answer 302 to the login page (a page for a person not signed
     * in), 401 (API, htmx), or 403 with what was wrong.
     */
    public Handler guard(Access access, Handler handler) {
        return ctx -> {
            var granted = new boolean[1];
            // Machines authenticate with their key on every request, never with a browser session.
            var logic = access == Access.INGEST ? API_LOGIC : DefaultSecurityLogic.INSTANCE;
            logic.perform(config, (context, store, profiles) -> {
                granted[0] = true;
                return null;
            }, access.clients, access.authorizers, "none", new JavalinFrameworkParameters(ctx));
            if (granted[0] && !overRate(access, ctx)) {
                Chrome.attach(ctx, () -> chrome(ctx));
                handler.handle(ctx);
            }
        };
    }

    /** API keys are rate limited per key: over the rate, 429 with the seconds to wait. */
    private boolean overRate(Access access, Context ctx) {
        if (access != Access.INGEST) {
            return false;
        }
        long wait = apiLimiter.acquire("key:" + apiKey(ctx).orElseThrow().id(), 1);
        if (wait == 0) {
            return false;
        }
        ctx.header("Retry-After", String.valueOf(wait));
        Problem.answer(ctx, HttpStatus.TOO_MANY_REQUESTS.getCode(), "rate-limited",
                "This API key is over its rate limit. Wait " + wait + " s (Retry-After) and send the same request again.");
        return true;
    }

    private Chrome chrome(Context ctx) {
        var user = user(ctx);
        String token = csrfTokens.get(new JavalinWebContext(ctx), sessions);
        return new Chrome(user.map(User::displayName).orElse(null), user.map(u -> u.role().name()).orElse(null), token);
    }

    /** The signed-in, enabled user of this request, if any; read once per request. */
    public Optional<User> user(Context ctx) {
        Optional<User> cached = ctx.attribute(USER);
        if (cached != null) {
            return cached;
        }
        var manager = new ProfileManager(new JavalinWebContext(ctx), sessions);
        Optional<User> user = manager.getProfiles().stream()
                .filter(p -> !(p instanceof AnonymousProfile) && p.getId() != null && p.getId().matches("\\d{1,18}"))
                .findFirst()
                .flatMap(profile -> users.byId(Long.parseLong(profile.getId())))
                .filter(u -> !u.disabled());
        ctx.attribute(USER, user);
        return user;
    }

    /** The API key that authenticated this request, on {@link Access#INGEST} routes. */
    public Optional<ApiKey> apiKey(Context ctx) {
        return Optional.ofNullable(ctx.attribute(API_KEY));
    }

    /** The viewer for live topics: the signed-in user, or the anonymous visitor. */
    public Viewer viewer(Context ctx) {
        return user(ctx).map(u -> Viewer.user(u.id())).orElseGet(() -> Viewer.anonymous(Visitor.id(ctx)));
    }

    /** Signs this browser in as {@code user}, under a new session id. */
    void signIn(Context ctx, User user) {
        var context = new JavalinWebContext(ctx);
        sessions.renewSession(context);
        new ProfileManager(context, sessions).save(true, profile(user), false);
        ctx.attribute(USER, Optional.of(user));
    }

    private static CommonProfile profile(User user) {
        var profile = new CommonProfile();
        profile.setId(String.valueOf(user.id()));
        profile.addRole(user.role().name());
        profile.addAttribute("username", user.username());
        return profile;
    }

    private Optional<Credentials> authenticate(CallContext call, Credentials credentials) {
        var given = (UsernamePasswordCredentials) credentials;
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        // One message for every failure: it must not tell whether the account exists.
        User user = users.authenticate(given.getUsername(), given.getPassword())
                .filter(u -> u.role() != Role.KIOSK)
                .orElseThrow(() -> {
                    throttle.failed(given.getUsername(), ctx.ip());
                    return new CredentialsException("unknown");
                });
        given.setUserProfile(profile(user));
        return Optional.of(given);
    }

    private Optional<Credentials> authenticateKey(CallContext call, Credentials credentials) {
        var token = (TokenCredentials) credentials;
        Context ctx = ((JavalinWebContext) call.webContext()).getContext();
        return apiKeys.authenticate(token.getToken()).map(key -> {
            var profile = new CommonProfile();
            profile.setId("key:" + key.id());
            profile.addAttribute("scope", key.scope());
            ctx.attribute(API_KEY, key);
            token.setUserProfile(profile);
            return token;
        });
    }

    /** An authorizer by the account's current role in the database, not the role it signed in with. */
    private Authorizer roles(Role... allowed) {
        Set<Role> set = Set.of(allowed);
        return (context, store, profiles) -> {
            Context ctx = ((JavalinWebContext) context).getContext();
            var user = user(ctx);
            if (user.isEmpty()) {
                Pac4jSetup.deny(ctx, "This account is disabled or no longer exists. Sign in with another account.");
                return false;
            }
            if (!set.contains(user.get().role())) {
                Pac4jSetup.deny(ctx, "Your account (" + user.get().role().name().toLowerCase() + ") may not do this.");
                return false;
            }
            return true;
        };
    }
}
