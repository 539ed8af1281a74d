package switchboard.polls;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.regex.Pattern;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.Templates;
import switchboard.web.Visitor;

/** {@code GET /hold}, and the holder's presence as a resource: PUT to hold or beat, DELETE to let go. */
final class HoldRoutes {
    private static final Pattern PAGE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private final HoldStore store;
    private final Templates templates;
    private final ChangeFeed feed;

    HoldRoutes(HoldStore store, Templates templates, ChangeFeed feed) {
        this.store = store;
        this.templates = templates;
        this.feed = feed;
    }

    void register(Routes routes) {
        routes.get("/hold", Access.PUBLIC, this::page)
                .put("/hold/presence", Access.PARTICIPANT, this::hold)
                .delete("/hold/presence", Access.PARTICIPANT, this::release);
    }

    private void page(Context ctx) {
        Visitor.id(ctx);
        // The seq is read before the count: a change committed in between is replayed, never lost.
        long since = feed.head();
        long count = store.activeCount(Hold.CHANNEL);
        templates.page(ctx, "polls/hold.jte", new HoldPage(count, StreamUrl.of(since, Hold.presence(Hold.CHANNEL))));
    }

    private void hold(Context ctx) {
        store.hold(Hold.CHANNEL, Visitor.id(ctx), pageId(ctx));
        ctx.status(204);
    }

    private void release(Context ctx) {
        store.release(Hold.CHANNEL, Visitor.id(ctx), pageId(ctx));
        ctx.status(204);
    }

    /** The page holding ({@code ?page=}, a random id each page makes), so one tab letting go leaves another's hold. */
    private static String pageId(Context ctx) {
        String page = ctx.queryParam("page");
        if (page == null) {
            return "";
        }
        if (!PAGE.matcher(page).matches()) {
            throw new BadRequestResponse("'page' is a page's own id of 1 to 40 letters, digits, '_' or '-'; reload the page and try again.");
        }
        return page;
    }
}
