package switchboard.live;

/**
 * Who is asking for a live topic: enough for a topic kind to decide whether they may read it.
 * {@code id} is the signed-in user, or the anonymous visitor's cookie id.
 */
public record Viewer(String id, boolean signedIn) {
    public static Viewer anonymous(String visitorId) {
        return new Viewer(visitorId, false);
    }
}
