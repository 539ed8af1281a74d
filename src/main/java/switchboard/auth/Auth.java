package switchboard.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.jooq.DSLContext;
import org.pac4j.core.client.direct.AnonymousClient;
import org.pac4j.core.config.Config;
import org.pac4j.core.engine.DefaultSecurityLogic;
import org.pac4j.core.profile.AnonymousProfile;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.http.client.direct.HeaderClient;
import org.pac4j.http.client.indirect.FormClient;
import org.pac4j.javalin.JavalinFrameworkParameters;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.live.Viewer;
import switchboard.web.Chrome;
import switchboard.web.HeaderBell;
import switchboard.web.Input;
import switchboard.web.Problem;
import switchboard.web.Visitor;

/**
 * Who is making a request and what they may do, as pac4j establishes it: form login for people
 * (a FormClient whose authenticator checks the users table), API keys as bearer tokens for
 * machines (a HeaderClient), sessions in the database (written only at sign-in), CSRF tokens per
 * session or, for visitors, signed per visitor cookie. Every route is wrapped by {@link #guard}
 * with its {@link Access}.
 */
public final class Auth {
    static final String CALLBACK = "/callback";
    static final String FORM_CLIENT = "FormClient";
    static final String API_CLIENT = "ApiKeyClient";
    static final String PAGE_CLIENTS = "FormClient,AnonymousClient";
    private static final String USER = "sb.user";

    private static final DefaultSecurityLogic API_LOGIC = new DefaultSecurityLogic().setLoadProfilesFromSession(false)
            .setClientFinder(Pac4jSetup.NAMED_CLIENTS);
    private final DefaultSecurityLogic pageLogic = new DefaultSecurityLogic().setClientFinder(Pac4jSetup.NAMED_CLIENTS);

    private final Users users;
    private final ApiKeys apiKeys;
    private final KioskLinks kioskLinks;
    private final DatabaseSessionStore sessions;
    private final CsrfTokens csrfTokens;
    private final LoginThrottle throttle;
    private final RateLimiter apiLimiter;
    private final AuthSettings settings;
    private final ReturnAfterSignIn returnTo;
    private final Config config;

    private final java.util.function.Function<User, Optional<HeaderBell>> bells;

    /** {@code bells} draws the header's notifications bell of an account (a feature knows who gets one). */
    public Auth(DSLContext sql, AuthSettings settings, LoginThrottle throttle, RateLimiter apiLimiter,
            java.util.function.Function<User, Optional<HeaderBell>> bells) {
        this.bells = bells;
        this.sessions = new DatabaseSessionStore(sql, settings.secureCookies(), settings.sessionIdle());
        this.users = new Users(sql);
        this.apiKeys = new ApiKeys(sql);
        this.kioskLinks = new KioskLinks(sql);
        this.csrfTokens = new CsrfTokens(sql, sessions);
        this.throttle = throttle;
        this.apiLimiter = apiLimiter;
        this.settings = settings;
        this.returnTo = new ReturnAfterSignIn(settings.redirects());
        pageLogic.setSavedRequestHandler(returnTo);

        var authenticators = new Authenticators(users, apiKeys, apiLimiter);
        var form = new FormClient("/login", authenticators::form);
        // The authenticator takes the scheme off in any case (RFC 9110), so pac4j gets no prefix.
        var apiKey = new HeaderClient("Authorization", "", authenticators::apiKey);
        apiKey.setName(API_CLIENT);
        this.config = Pac4jSetup.config(sessions, Authorizers.all(csrfTokens, this::user), form, apiKey, returnTo);
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

    public AuthSettings settings() {
        return settings;
    }

    ReturnAfterSignIn returnTo() {
        return returnTo;
    }

    /** The client's address, as named by a trusted proxy (see {@link switchboard.web.ClientAddress}). */
    public String clientAddress(Context ctx) {
        return settings.addresses().of(ctx);
    }

    /**
     * After a password change: every other session of this account ends, and this one moves to a
     * new id (its old id, were it stolen, is worthless; its open streams close and reconnect).
     */
    void afterPasswordChange(Context ctx, long userId) {
        var context = new JavalinWebContext(ctx);
        DatabaseSessionStore.endSessionsOf(sessions.sql(), userId, sessions.currentId(context).orElse(null));
        sessions.renew(context, false);
    }

    /**
     * The handler, behind pac4j's security logic for {@code access}: the caller is authenticated
     * (session, or API key), authorized (role, scope) and, for state-changing methods, the CSRF
     * token is checked. Refusals answer 302 to the login page (a page for a person not signed
     * in), 401 (API, htmx), or 403 with what was wrong.
     */
    public Handler guard(Access access, Handler handler) {
        return ctx -> {
            // Pages and fragments show who is signed in, and refusals say why: no cache may keep
            // any of them. A handler that serves something cacheable (an attachment) says so itself.
            ctx.header("Cache-Control", "no-store");
            var granted = new boolean[1];
            // Machines authenticate with their key on every request, never with a browser session.
            var logic = access == Access.INGEST ? API_LOGIC : pageLogic;
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

    /**
     * The guard of the live stream, a GET open to everyone ({@link Access#PUBLIC}), without
     * pac4j's security logic. For a PUBLIC GET that logic always grants: the form client signs
     * in only at the callback, the anonymous client takes everyone else, and the CSRF check
     * passes safe methods. What it did besides was to load the session's profile, deserialising
     * it (a tenth of a connect's CPU); the stream needs only who is asking, which {@link #viewer}
     * reads from the session row itself: an expired session, a disabled or deleted account is a
     * visitor, exactly as through pac4j, and each topic kind refuses what a visitor may not read.
     */
    public Handler guardStream(Handler handler) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            Chrome.attach(ctx, () -> chrome(ctx));
            handler.handle(ctx);
        };
    }

    /** API keys are rate limited per key: over the rate, 429 with the seconds to wait. */
    private boolean overRate(Access access, Context ctx) {
        if (access != Access.INGEST) {
            return false;
        }
        Long taken = ctx.attribute(Authenticators.API_WAIT);
        long wait = taken != null ? taken : apiLimiter.acquire("key:" + apiKey(ctx).orElseThrow().id(), 1);
        if (wait == 0) {
            return false;
        }
        ctx.header("Retry-After", String.valueOf(wait));
        Problem.answer(ctx, HttpStatus.TOO_MANY_REQUESTS.getCode(), "rate-limited",
                "This API key is over its rate limit. Wait " + wait + " s (Retry-After) and send the same request again.");
        return true;
    }

    /**
     * Keeps {@code value} in this signed-in session for the next page only (post, redirect, get:
     * a reload does not repeat the post). Used for a secret that is shown once: it stays in the
     * session row only until that page reads it.
     */
    public void keepForNextPage(Context ctx, String name, String value) {
        sessions.set(new JavalinWebContext(ctx), FLASH + name, value);
    }

    /** What {@link #keepForNextPage} kept under {@code name}, removed as it is read; null if nothing. */
    public String takeFromLastPage(Context ctx, String name) {
        var context = new JavalinWebContext(ctx);
        Object value = sessions.get(context, FLASH + name).orElse(null);
        if (value != null) {
            sessions.set(context, FLASH + name, null);
        }
        return value instanceof String text ? text : null;
    }

    private static final String FLASH = "sb.flash.";

    /** The page frame for this request: who is signed in and the CSRF token (error pages use it too). */
    public Chrome chrome(Context ctx) {
        var user = user(ctx);
        String token = csrfTokens.forPage(ctx);
        return new Chrome(user.map(User::displayName).orElse(null), user.map(u -> u.role().name()).orElse(null), token,
                user.flatMap(bells).orElse(null));
    }

    /** The signed-in, enabled user of this request, if any; read once per request. */
    public Optional<User> user(Context ctx) {
        Optional<User> cached = ctx.attribute(USER);
        if (cached != null) {
            return cached;
        }
        var manager = new ProfileManager(new JavalinWebContext(ctx), sessions);
        Optional<User> user = manager.getProfiles().stream()
                .filter(p -> !(p instanceof AnonymousProfile) && p.getId() != null && Input.ID.matcher(p.getId()).matches())
                .findFirst()
                .flatMap(profile -> account(ctx, Long.parseLong(profile.getId())))
                .filter(u -> !u.disabled());
        ctx.attribute(USER, user);
        return user;
    }

    /** The account, as read with the session row when that row names it (it always does once signed in). */
    private Optional<User> account(Context ctx, long id) {
        User withSession = DatabaseSessionStore.account(ctx);
        return withSession != null && withSession.id() == id ? Optional.of(withSession) : users.byId(id);
    }

    /**
     * Reads {@code columns} in the same statement as this request's session and account, when
     * the request has a session: values that depend on who is asking cost no query of their own.
     */
    public void readWithAccount(Context ctx, switchboard.live.AccountColumns columns) {
        if (columns != null) {
            DatabaseSessionStore.readWithAccount(ctx, columns);
        }
    }

    /** The API key that authenticated this request, on {@link Access#INGEST} routes. */
    public Optional<ApiKey> apiKey(Context ctx) {
        return Optional.ofNullable(ctx.attribute(Authenticators.API_KEY));
    }

    /** The sign-in pages: {@code /login}, {@code /callback}, {@code /logout}. */
    public void registerPages(Routes routes, switchboard.web.Templates templates) {
        new LoginRoutes(this, templates).register(routes);
    }

    /** Removes expired sessions (a job that runs on one node). */
    public static void deleteExpiredSessions(org.jooq.DSLContext tx) {
        DatabaseSessionStore.deleteExpired(tx);
    }

    /** The request's session as its streams are tagged (V23 publishes the same tag when the session ends), or 0. */
    public long sessionTag(Context ctx) {
        return sessions.currentId(new JavalinWebContext(ctx)).map(SessionStatements::tag).orElse(0L);
    }

    /** The viewer for live topics: the signed-in user, or the anonymous visitor. */
    public Viewer viewer(Context ctx) {
        return sessionUser(ctx).map(u -> Viewer.account(u.id(), u.role().name()))
                .orElseGet(() -> Viewer.anonymous(Visitor.id(ctx)));
    }

    /**
     * {@link #user}, from the session row without its pac4j profile when the row names its
     * account: every write of a session sets {@code user_id} from the profile it stores, in the
     * same statement, so the row's account is the profile's. The account is the one read with the
     * row (as current as the row); a disabled one is nobody, as in {@link #user}. A row that names
     * none (signed out, or older than that column) is asked through its profile.
     */
    private Optional<User> sessionUser(Context ctx) {
        Optional<User> cached = ctx.attribute(USER);
        if (cached != null) {
            return cached;
        }
        if (sessions.currentId(new JavalinWebContext(ctx)).isEmpty()) {
            // No session, or one past its expiry (the statement does not return it): a visitor.
            ctx.attribute(USER, Optional.empty());
            return Optional.empty();
        }
        Long owner = DatabaseSessionStore.owner(ctx);
        if (owner == null) {
            return user(ctx);
        }
        User account = DatabaseSessionStore.account(ctx);
        Optional<User> user = Optional.ofNullable(account).filter(u -> u.id() == owner && !u.disabled());
        ctx.attribute(USER, user);
        return user;
    }

    /** Signs this browser in as {@code user}, under a new session id. */
    void signIn(Context ctx, User user) {
        var context = new JavalinWebContext(ctx);
        sessions.renewSession(context);
        new ProfileManager(context, sessions).save(true, Authenticators.profile(user), false);
        ctx.attribute(USER, Optional.of(user));
    }
}
