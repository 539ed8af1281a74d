package switchboard.live;

/**
 * Who is asking for a live topic: enough for a topic kind to decide whether they may read it.
 * {@code id} is {@code user:<id>} for a signed-in account, or the anonymous visitor's cookie id;
 * {@code role} (the account's role's name, read with the session; null for a visitor) lets a
 * kind apply the same rule as its page: a poll's stream is for the roles that may open the poll.
 */
public record Viewer(String id, boolean signedIn, boolean admin, String role) {
    public Viewer(String id, boolean signedIn) {
        this(id, signedIn, false, null);
    }

    public static Viewer anonymous(String visitorId) {
        return new Viewer(visitorId, false, false, null);
    }

    /** An account as streams are keyed (to find or close its streams): its role is not needed. */
    public static Viewer user(long userId) {
        return new Viewer("user:" + userId, true, false, null);
    }

    /** A signed-in account with its role (ADMIN, MEMBER, KIOSK, STAFF, AGENT). */
    public static Viewer account(long userId, String role) {
        return new Viewer("user:" + userId, true, "ADMIN".equals(role), role);
    }

    /** Whether the viewer is signed in with one of {@code roles}. */
    public boolean hasRole(java.util.Set<String> roles) {
        return signedIn && role != null && roles.contains(role);
    }

    /** The account id of a signed-in viewer, or -1. */
    public long userId() {
        return signedIn ? Long.parseLong(id.substring("user:".length())) : -1;
    }
}
