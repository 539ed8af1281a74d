package switchboard.auth;

/**
 * Who may call a route, as pac4j clients and authorizers. Every route the app serves is
 * registered with one of these (see {@link switchboard.auth.Routes}); the access-matrix test
 * holds the expected answer for each route and each kind of caller.
 *
 * <p>Every access but {@link #INGEST} checks the CSRF token on POST, PUT, PATCH and DELETE.
 * Roles are read from the database on each request, so a role change or a disabled account
 * takes effect at once, not at the next sign-in.
 */
public enum Access {
    /** Anyone, signed in or not (a signed-in person is still recognised). */
    PUBLIC(Auth.PAGE_CLIENTS, "csrf"),
    /** Anyone but a kiosk: visitors and people may act (e.g. hold the button); screens only watch. */
    PARTICIPANT(Auth.PAGE_CLIENTS, "csrf,notKiosk"),
    /** Any signed-in account, kiosks included: read-only pages for screens. */
    VIEWER(Auth.FORM_CLIENT, "csrf,viewer"),
    /** Any person signed in, not a kiosk screen: their own account page. */
    PERSON(Auth.FORM_CLIENT, "csrf,person"),
    /** People who take part: members and admins. */
    MEMBER(Auth.FORM_CLIENT, "csrf,member"),
    /** The operations dashboard: admins (the whole book) and agents (their own customers). */
    DASHBOARD(Auth.FORM_CLIENT, "csrf,dashboard"),
    /** The dashboard's wall screen: kiosks and admins. */
    WALL(Auth.FORM_CLIENT, "csrf,wall"),
    /** Admins and staff: the records other than donations and finance (each kind says which it is). */
    STAFF(Auth.FORM_CLIENT, "csrf,staff"),
    /** Admins only. */
    ADMIN(Auth.FORM_CLIENT, "csrf,admin"),
    /** Machines with an API key scoped to ingest, as {@code Authorization: Bearer <key>}. */
    INGEST(Auth.API_CLIENT, "ingest");

    final String clients;
    final String authorizers;

    Access(String clients, String authorizers) {
        this.clients = clients;
        this.authorizers = authorizers;
    }
}
