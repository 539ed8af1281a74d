package switchboard.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Optional;
import org.jooq.DSLContext;
import org.pac4j.core.client.Clients;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.pac4j.core.exception.CredentialsException;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.exception.http.WithContentAction;
import org.pac4j.core.exception.http.WithLocationAction;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.http.client.indirect.FormClient;
import org.pac4j.javalin.JavalinFrameworkParameters;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.live.Viewer;
import switchboard.web.Templates;
import switchboard.web.Visitor;

/**
 * Who is making a request, as pac4j establishes it: form login for people (a FormClient whose
 * authenticator checks the users table), sessions in the database. Routes: GET /login,
 * POST /callback (the login form's target), POST /logout.
 */
public final class Auth {
    static final String CALLBACK = "/callback";

    private final Users users;
    private final DatabaseSessionStore sessions;
    private final Config config;
    private final Templates templates;

    public Auth(DSLContext sql, Templates templates, boolean secureCookies) {
        this.users = new Users(sql);
        this.sessions = new DatabaseSessionStore(sql, secureCookies);
        this.templates = templates;
        var form = new FormClient("/login", this::authenticate);
        this.config = new Config(new Clients(CALLBACK, form));
        config.setWebContextFactory(parameters -> new JavalinWebContext(((JavalinFrameworkParameters) parameters).getContext()));
        config.setSessionStoreFactory(parameters -> sessions);
        config.setHttpActionAdapter(Auth::adapt);
        config.setProfileManagerFactory(ProfileManager::new);
        config.setSessionLogoutHandler(new LocalLogoutOnly());
    }

    public Users users() {
        return users;
    }

    public void register(JavalinConfig javalin) {
        new LoginRoutes(this, templates).register(javalin);
    }

    Config config() {
        return config;
    }

    /** The signed-in user of this request, if any. */
    public Optional<User> user(Context ctx) {
        var manager = new ProfileManager(new JavalinWebContext(ctx), sessions);
        return manager.getProfile()
                .flatMap(profile -> users.byId(Long.parseLong(profile.getId())))
                .filter(user -> !user.disabled());
    }

    /** The viewer for live topics: the signed-in user, or the anonymous visitor. */
    public Viewer viewer(Context ctx) {
        return user(ctx).map(u -> new Viewer("user:" + u.id(), true)).orElseGet(() -> Viewer.anonymous(Visitor.id(ctx)));
    }

    private Optional<org.pac4j.core.credentials.Credentials> authenticate(CallContext call, org.pac4j.core.credentials.Credentials credentials) {
        var given = (UsernamePasswordCredentials) credentials;
        // One message for every failure: it must not tell whether the account exists.
        User user = users.authenticate(given.getUsername(), given.getPassword())
                .orElseThrow(() -> new CredentialsException("unknown"));
        var profile = new CommonProfile();
        profile.setId(String.valueOf(user.id()));
        profile.addRole(user.role().name());
        profile.addAttribute("username", user.username());
        given.setUserProfile(profile);
        return Optional.of(given);
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

    private static Object adapt(HttpAction action, org.pac4j.core.context.WebContext context) {
        Context ctx = ((JavalinWebContext) context).getContext();
        ctx.status(action.getCode());
        if (action instanceof WithLocationAction location) {
            ctx.header("Location", location.getLocation());
        } else if (action instanceof WithContentAction content && content.getContent() != null) {
            ctx.result(content.getContent());
        }
        return null;
    }
}
