package switchboard.records;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import switchboard.auth.Access;
import switchboard.auth.Routes;

/** {@code /records}: the menu; {@code /notifications}: the account's notifications, marked read on request. */
final class NotificationRoutes {
    private final RecordContext app;

    NotificationRoutes(RecordContext app) {
        this.app = app;
    }

    void register(Routes routes) {
        routes.get("/records", Access.STAFF, ctx -> ctx.redirect("/records/" + app.nav(ctx, "").kinds().getFirst().slug(), HttpStatus.SEE_OTHER))
                .get("/notifications", Access.STAFF, this::list)
                .post("/notifications/read", Access.STAFF, this::markRead);
    }

    private void list(Context ctx) {
        long since = app.feed().head();
        long me = app.user(ctx).id();
        app.templates().page(ctx, "records/notifications.jte", new NotificationsPage(app.nav(ctx, "notifications"), app.notifications().recent(me),
                switchboard.live.StreamUrl.of(since, Records.bell(me))));
    }

    private void markRead(Context ctx) {
        app.notifications().markAllRead(app.user(ctx).id());
        ctx.redirect("/notifications", HttpStatus.SEE_OTHER);
    }
}
