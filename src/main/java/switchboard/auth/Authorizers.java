package switchboard.auth;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.pac4j.core.authorization.authorizer.Authorizer;
import org.pac4j.javalin.JavalinWebContext;

/** The authorizers {@link Access} names, by the account's current role in the database, not the role it signed in with. */
final class Authorizers {
    private final Function<Context, Optional<User>> user;

    private Authorizers(Function<Context, Optional<User>> user) {
        this.user = user;
    }

    static Map<String, Authorizer> all(CsrfTokens csrfTokens, Function<Context, Optional<User>> user) {
        var by = new Authorizers(user);
        return Map.of(
                "csrf", Pac4jSetup.denyWith(csrfTokens,
                        "This form is out of date or did not come from this site (its CSRF token is missing or wrong). Reload the page and try again."),
                "notKiosk", Pac4jSetup.denyWith((context, store, profiles) -> user.apply(((JavalinWebContext) context).getContext())
                        .map(u -> u.role() != Role.KIOSK).orElse(true), "Kiosk screens only watch; sign in as a person to take part."),
                "viewer", by.roles(Role.VIEWERS.toArray(Role[]::new)),
                "person", by.roles(Role.ADMIN, Role.MEMBER, Role.STAFF, Role.AGENT),
                "member", by.roles(Role.ADMIN, Role.MEMBER),
                "admin", by.roles(Role.ADMIN),
                "dashboard", by.roles(Role.ADMIN, Role.AGENT),
                "wall", by.roles(Role.ADMIN, Role.KIOSK),
                "staff", by.roles(Role.ADMIN, Role.STAFF),
                "ingest", Pac4jSetup.denyWith((context, store, profiles) -> profiles.stream()
                        .anyMatch(p -> ApiKeys.SCOPE_INGEST.equals(p.getAttribute("scope"))),
                        "This API key is not scoped to ingest."));
    }

    private Authorizer roles(Role... allowed) {
        Set<Role> set = Set.of(allowed);
        return (context, store, profiles) -> {
            Context ctx = ((JavalinWebContext) context).getContext();
            var account = user.apply(ctx);
            if (account.isEmpty()) {
                Pac4jSetup.deny(ctx, "This account is disabled or no longer exists. Sign in with another account.");
                return false;
            }
            if (!set.contains(account.get().role())) {
                Pac4jSetup.deny(ctx, "Your account (" + account.get().role().name().toLowerCase() + ") may not do this.");
                return false;
            }
            return true;
        };
    }
}
