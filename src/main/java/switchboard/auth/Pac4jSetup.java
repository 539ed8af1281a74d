package switchboard.auth;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.authorization.authorizer.Authorizer;
import org.pac4j.core.client.BaseClient;
import org.pac4j.core.client.Clients;
import org.pac4j.core.client.direct.AnonymousClient;
import org.pac4j.core.client.finder.ClientFinder;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.exception.http.WithContentAction;
import org.pac4j.core.exception.http.WithLocationAction;
import org.pac4j.core.http.ajax.DefaultAjaxRequestResolver;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.http.client.direct.HeaderClient;
import org.pac4j.http.client.indirect.FormClient;
import org.pac4j.javalin.JavalinFrameworkParameters;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.web.Problem;

/**
 * pac4j's configuration for Javalin 7: our clients and authorizers, the Javalin web context,
 * the database session store, and how pac4j's refusals become responses (a redirect to the
 * login page, or 401/403 with a message a person can act on).
 */
final class Pac4jSetup {
    private static final String DENIED = "sb.denied";

    private Pac4jSetup() {
    }

    /**
     * The clients a route names, in its order. pac4j's default finder also lets a request pick
     * one with a {@code client_name} parameter, which no route of ours offers; looking for it
     * made pac4j parse every JSON body of the ingest API as a form (a fifth of the API's CPU
     * in the ingest benchmark's profile).
     */
    static final ClientFinder NAMED_CLIENTS = (clients, context, names) -> java.util.Arrays.stream(names.split(","))
            .map(String::trim)
            .map(name -> clients.findClient(name).orElseThrow(() -> new IllegalStateException("no pac4j client named " + name)))
            .toList();

    static Config config(SessionStore sessions, Map<String, Authorizer> authorizers, FormClient form, HeaderClient apiKey, ReturnAfterSignIn returnTo) {
        form.setAjaxRequestResolver(new HtmxAwareAjax());
        var config = new Config(new Clients(Auth.CALLBACK, form, apiKey, new AnonymousClient()));
        config.setAuthorizers(authorizers);
        config.setWebContextFactory(parameters -> new JavalinWebContext(((JavalinFrameworkParameters) parameters).getContext()));
        config.setSessionStoreFactory(parameters -> sessions);
        config.setHttpActionAdapter((action, context) -> adapt(action, context, returnTo));
        config.setProfileManagerFactory(ProfileManager::new);
        config.setSessionLogoutHandler(new LocalLogoutOnly());
        // pac4j initialises clients lazily and not thread-safely: two first requests at once can
        // meet a half-initialised client (NPE on its credentials extractor). Initialise them now.
        config.getClients().findAllClients().forEach(client -> ((BaseClient) client).init());
        return config;
    }

    /** Notes why this request is refused; the 403 says it. */
    static void deny(Context ctx, String why) {
        ctx.attribute(DENIED, why);
    }

    /** The authorizer, noting {@code message} as the reason when it refuses. */
    static Authorizer denyWith(Authorizer authorizer, String message) {
        return (context, store, profiles) -> {
            boolean ok = authorizer.isAuthorized(context, store, profiles);
            if (!ok) {
                deny(((JavalinWebContext) context).getContext(), message);
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

    private static Object adapt(HttpAction action, WebContext context, ReturnAfterSignIn returnTo) {
        Context ctx = ((JavalinWebContext) context).getContext();
        ctx.status(action.getCode());
        if (action instanceof WithLocationAction location) {
            ctx.header("Location", returnTo.location(ctx, location.getLocation()));
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
