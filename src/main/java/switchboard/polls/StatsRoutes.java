package switchboard.polls;

import io.javalin.http.Context;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.Templates;

/** {@code /stats} and its kiosk layout {@code /stats/kiosk}: site totals, live. */
final class StatsRoutes {
    private final PollStore store;
    private final HoldStore holds;
    private final Templates templates;
    private final ChangeFeed feed;

    StatsRoutes(PollStore store, HoldStore holds, Templates templates, ChangeFeed feed) {
        this.store = store;
        this.holds = holds;
        this.templates = templates;
        this.feed = feed;
    }

    void register(Routes routes) {
        routes.get("/stats", Access.VIEWER, ctx -> show(ctx, false))
                .get("/stats/kiosk", Access.VIEWER, ctx -> show(ctx, true));
    }

    private void show(Context ctx, boolean kiosk) {
        long since = feed.head();
        templates.page(ctx, kiosk ? "polls/stats_kiosk.jte" : "polls/stats.jte", new StatsPage(store.stats(), holds.activeCount(Hold.CHANNEL), kiosk,
                StreamUrl.of(since, Polls.stats(), Hold.presence(Hold.CHANNEL))));
    }
}
