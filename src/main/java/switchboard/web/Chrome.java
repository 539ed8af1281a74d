package switchboard.web;

import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * What the page frame shows around every page: who is signed in, their role (for the menu),
 * the CSRF token that forms and htmx requests carry, and the notifications bell (null for an
 * account that receives none). The access guard attaches it to each request; pages read it
 * through {@link Templates#page}.
 */
public record Chrome(String signedInAs, String role, String csrfToken, HeaderBell bell) {
    static final String ATTRIBUTE = "sb.chrome";
    public static final String CSRF_FIELD = "pac4jCsrfToken";

    public static final Chrome NONE = new Chrome(null, null, "", null);

    public static void attach(Context ctx, Supplier<Chrome> chrome) {
        ctx.attribute(ATTRIBUTE, chrome);
    }

    /** This request's chrome (for fragments that carry the CSRF token). */
    public static Chrome current(Context ctx) {
        return of(ctx);
    }

    static Chrome of(Context ctx) {
        Supplier<Chrome> supplier = ctx.attribute(ATTRIBUTE);
        return supplier == null ? NONE : supplier.get();
    }

    public boolean admin() {
        return "ADMIN".equals(role);
    }

    public boolean member() {
        return "ADMIN".equals(role) || "MEMBER".equals(role);
    }

    /*
     * The menu offers only what the role may open (an agent was shown Polls, Stats and Tables and
     * got 403). These mirror the routes' Access rules; web sits below auth, so it names the roles
     * as strings, and NavigationTest holds the two together: every link answers 200.
     */

    /** A person's own account page: Access.PERSON (every signed-in role but a kiosk). */
    public boolean person() {
        return signedInAs != null && !"KIOSK".equals(role);
    }

    /** Polls, statistics and tables: Access.VIEWER (Role.VIEWERS). */
    public boolean viewer() {
        return member() || "KIOSK".equals(role);
    }

    /** The operations dashboard: Access.DASHBOARD. */
    public boolean dashboard() {
        return "ADMIN".equals(role) || "AGENT".equals(role);
    }

    /** The charity records: Access.STAFF. */
    public boolean records() {
        return "ADMIN".equals(role) || "STAFF".equals(role);
    }
}
