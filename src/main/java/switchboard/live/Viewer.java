package switchboard.live;

/**
 * Who is asking for a live topic: enough for a topic kind to decide whether they may read it.
 * {@code id} is {@code user:<id>} for a signed-in account, or the anonymous visitor's cookie id;
 * {@code admin} lets a kind apply the same rule as its page (a draft poll is for admins only).
 */
public record Viewer(String id, boolean signedIn, boolean admin) {
    public Viewer(String id, boolean signedIn) {
        this(id, signedIn, false);
    }

    public static Viewer anonymous(String visitorId) {
        return new Viewer(visitorId, false, false);
    }

    public static Viewer user(long userId) {
        return new Viewer("user:" + userId, true, false);
    }

    public static Viewer admin(long userId) {
        return new Viewer("user:" + userId, true, true);
    }

    /** The account id of a signed-in viewer, or -1. */
    public long userId() {
        return signedIn ? Long.parseLong(id.substring("user:".length())) : -1;
    }
}
