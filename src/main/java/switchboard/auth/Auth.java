package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.pac4j.core.authorization.authorizer.Authorizer;
import org.pac4j.core.client.Clients;
import org.pac4j.core.client.direct.AnonymousClient;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.TokenCredentials;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.pac4j.core.engine.DefaultSecurityLogic;
import org.pac4j.core.exception.CredentialsException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.exception.http.WithContentAction;
import org.pac4j.core.exception.http.WithLocationAction;
import org.pac4j.core.http.ajax.DefaultAjaxRequestResolver;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.pac4j.core.profile.AnonymousProfile;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.http.client.direct.HeaderClient;
import org.pac4j.http.client.indirect.FormClient;
import org.pac4j.javalin.JavalinFrameworkParameters;
import org.pac4j.javalin.JavalinWebContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.live.Change;
import switchboard.live.Hub;
import switchboard.live.TopicKind;
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
    private static final String DENIED = "sb.denied";
    private static final String ACCESS_REVOKED = "access.revoked";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{1,18}");
    private static final Logger log = LoggerFactory.getLogger(Auth.class);

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
        form.setAjaxRequestResolver(new HtmxAwareAjax());
        var apiKey = new HeaderClient("Authorization", "Bearer ", this::authenticateKey);
        apiKey.setName(API_CLIENT);
        this.config = new Config(new Clients(CALLBACK, form, apiKey, new AnonymousClient()));
        config.setAuthorizers(Map.of(
                "csrf", denyWith(new StrictCsrfAuthorizer(),
                        "This form is out of date or did not come from this site (its CSRF token is missing or wrong). Reload the page and try again."),
                "notKiosk", denyWith((context, store, profiles) -> user(((JavalinWebContext) context).getContext())
                        .map(u -> u.role() != Role.KIOSK).orElse(true), "Kiosk screens only watch; sign in as a person to take part."),
                "viewer", roles(Role.ADMIN, Role.MEMBER, Role.KIOSK),
                "member", roles(Role.ADMIN, Role.MEMBER),
                "admin", roles(Role.ADMIN),
                "ingest", denyWith((context, store, profiles) -> profiles.stream()
                        .anyMatch(p -> ApiKeys.SCOPE_INGEST.equals(p.getAttribute("scope"))),
                        "This API key is not scoped to ingest.")));
        config.setWebContextFactory(parameters -> new JavalinWebContext(((JavalinFrameworkParameters) parameters).getContext()));
        config.setSessionStoreFactory(parameters -> sessions);
        config.setHttpActionAdapter(Auth::adapt);
        config.setProfileManagerFactory(ProfileManager::new);
        config.setSessionLogoutHandler(new LocalLogoutOnly());
        // pac4j initialises clients lazily and not thread-safely: two first requests at once can
        // meet a half-initialised client (NPE on its credentials extractor). Initialise them now.
        config.getClients().findAllClients().forEach(client -> ((org.pac4j.core.client.BaseClient) client).init());
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

    /**
     * Topic {@code account:<id>}: changes when the account is disabled or its role changes. Only
     * the account itself may read it; every node's hub closes that account's open streams.
     */
    public TopicKind accountTopic() {
        return new TopicKind("account", ACCOUNT_ID, (viewer, topic) -> viewer.id().equals("user:" + topic.arg()), List.of());
    }

    /** Closes the open streams of an account as soon as its access is revoked, on this node. */
    public void closeStreamsOnRevocation(Hub hub) {
        hub.watch(changes -> changes.stream()
                .filter(c -> ACCESS_REVOKED.equals(c.kind()) && c.topic().startsWith("account:") && c.entityId() != null)
                .map(Change::entityId)
                .distinct()
                .forEach(id -> {
                    int closed = hub.closeFor("user:" + id, "access revoked");
                    if (closed > 0) {
                        log.info("Closed {} live stream(s) of account {}: it was disabled or its role changed", closed, id);
                    }
                }));
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
        return user(ctx).map(u -> Viewer.user(u.id(), u.role().name())).orElseGet(() -> Viewer.anonymous(Visitor.id(ctx)));
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
                ctx.attribute(DENIED, "This account is disabled or no longer exists. Sign in with another account.");
                return false;
            }
            if (!set.contains(user.get().role())) {
                ctx.attribute(DENIED, "Your account (" + user.get().role().name().toLowerCase() + ") may not do this.");
                return false;
            }
            return true;
        };
    }

    private static Authorizer denyWith(Authorizer authorizer, String message) {
        return (context, store, profiles) -> {
            boolean ok = authorizer.isAuthorized(context, store, profiles);
            if (!ok) {
                ((JavalinWebContext) context).getContext().attribute(DENIED, message);
            }
            return ok;
        };
    }

    /** htmx requests and event streams get 401 instead of a redirect to the login page they cannot show. */
    private static final class HtmxAwareAjax extends DefaultAjaxRequestResolver {
        @Override
        public boolean isAjax(CallContext call) {
            var context = call.webContext();
            return super.isAjax(call)
                    || context.getRequestHeader("HX-Request").isPresent()
                    || context.getRequestHeader("Accept").map(a -> a.contains("text/event-stream") || a.startsWith("application/json")).orElse(false);
        }
    }

    /**
     * Sign-in is by our own form only, so there is no identity provider to log out of and no
     * back-channel logout to track (pac4j's default handler keeps that record in Guava, which
     * we do not ship). Logging out destroys our session row, which every node sees.
     */
    private static final class LocalLogoutOnly implements SessionLogoutHandler {
        @Override
        public void recordSession(CallContext call, String key) {
        }

        @Override
        public void destroySession(CallContext call, String key) {
        }

        @Override
        public void renewSession(CallContext call, String oldSessionId) {
        }

        @Override
        public Optional<String> cleanRecord(String sessionId) {
            return Optional.empty();
        }
    }

    private static Object adapt(HttpAction action, WebContext context) {
        Context ctx = ((JavalinWebContext) context).getContext();
        ctx.status(action.getCode());
        if (action instanceof WithLocationAction location) {
            ctx.header("Location", location.getLocation());
        } else if (action instanceof WithContentAction content && content.getContent() != null && !content.getContent().isEmpty()) {
            ctx.result(content.getContent());
        } else if (action.getCode() == 401) {
            boolean api = ctx.header("Authorization") != null || ctx.path().startsWith("/ingest/");
            if (api) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            Problem.answer(ctx, 401, "unauthenticated", api
                    ? "Send a valid API key as 'Authorization: Bearer <key>'; this one is missing, unknown or revoked. Admins make keys at /admin/keys."
                    : "Sign in first: your session has ended or you are not signed in.");
        } else if (action.getCode() == 403) {
            String denied = ctx.attribute(DENIED);
            Problem.answer(ctx, 403, "forbidden", denied != null ? denied : "You may not do this.");
        }
        return null;
    }
}
