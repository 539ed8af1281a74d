package switchboard.polls;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import switchboard.auth.Auth;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.web.Templates;
import switchboard.web.Visitor;

/** {@code GET /hold}, and the holder's presence as a resource: PUT to hold or beat, DELETE to let go. */
final class HoldRoutes {
    private final HoldStore store;
    private final Templates templates;
    private final ChangeFeed feed;
    private final Auth auth;

    HoldRoutes(HoldStore store, Templates templates, ChangeFeed feed, Auth auth) {
        this.store = store;
        this.templates = templates;
        this.feed = feed;
        this.auth = auth;
    }

    void register(JavalinConfig config) {
        config.routes.get("/hold", this::page);
        config.routes.put("/hold/presence", this::hold);
        config.routes.delete("/hold/presence", this::release);
    }

    private void page(Context ctx) {
        Visitor.id(ctx);
        // The seq is read before the count: a change committed in between is replayed, never lost.
        long since = feed.head();
        long count = store.activeCount(Hold.CHANNEL);
        String signedInAs = auth.user(ctx).map(User::displayName).orElse(null);
        templates.page(ctx, "polls/hold.jte", new HoldPage(count, "/live?topics=" + Hold.topic(Hold.CHANNEL) + "&since=" + since, signedInAs));
    }

    private void hold(Context ctx) {
        store.hold(Hold.CHANNEL, Visitor.id(ctx));
        ctx.status(204);
    }

    private void release(Context ctx) {
        store.release(Hold.CHANNEL, Visitor.id(ctx));
        ctx.status(204);
    }
}
