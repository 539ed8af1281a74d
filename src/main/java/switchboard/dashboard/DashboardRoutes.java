package switchboard.dashboard;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.ErrorPage;
import switchboard.web.Input;
import switchboard.web.Templates;

/** {@code /dashboard} (admins: the whole book or one agent; agents: their own), the kiosk, and acknowledging alerts. */
final class DashboardRoutes {
    static final int KIOSK_REFRESH = 30;

    private final DashboardStore store;
    private final Templates templates;
    private final ChangeFeed feed;
    private final Auth auth;

    DashboardRoutes(DashboardStore store, Templates templates, ChangeFeed feed, Auth auth) {
        this.store = store;
        this.templates = templates;
        this.feed = feed;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/dashboard", Access.DASHBOARD, this::page)
                .get("/dashboard/kiosk", Access.WALL, this::kiosk)
                .post("/dashboard/alerts/{id}/acknowledgement", Access.DASHBOARD, this::acknowledge);
    }

    /** The agent whose book the caller sees: their own for an agent, else the one the filter chose (null: the whole book). */
    private String viewOf(User user, String chosen) {
        if (user.role() == Role.AGENT) {
            return store.agentOf(user.id()).orElseThrow(() -> new ForbiddenResponse("This agent account is not linked to an agent yet; ask an admin."));
        }
        return chosen;
    }

    /**
     * The page, with its filters as sent; a bad filter is answered with the page itself (400, or
     * 404 for an agent that does not exist), the message beside the form and the form as sent.
     */
    private void page(Context ctx) {
        User user = auth.user(ctx).orElseThrow();
        var filter = StreamFilter.of(ctx.queryParam("status"), ctx.queryParam("currency"), ctx.queryParam("min"), store::acceptsCurrency);
        String chosen = user.role() == Role.AGENT ? null : ctx.queryParam("agent");
        if (chosen != null && !chosen.isEmpty() && !WagerEvent.AGENT_ID.matcher(chosen).matches()) {
            filter = filter.refused("agent", "An agent id is 1 to 40 letters, digits, '.', '_' or '-'; choose one from the list.");
        } else if (chosen != null && !chosen.isEmpty() && !store.agentExists(chosen)) {
            filter = filter.refused("agent", "There is no agent '" + chosen + "'; choose one from the list.");
        }
        if (!filter.valid()) {
            ctx.status(filter.error().startsWith("There is no agent") ? 404 : 400);
        }
        String agentId = viewOf(user, filter.valid() && chosen != null && !chosen.isEmpty() ? chosen : null);
        var shown = feed.readAtHead(java.util.List.of(topic(agentId)), read(ctx, user, agentId, filter));
        templates.page(ctx, "dashboard/dashboard.jte", shown.value().streaming(StreamUrl.of(shown.seq(), topic(agentId))));
    }

    private static switchboard.live.Topic topic(String agentId) {
        return agentId == null ? Dashboard.book() : Dashboard.agent(agentId);
    }

    /**
     * The page's data. The stream and the activity feed are append regions: their rows and the
     * stream's seq are read in one snapshot with none of the view's changes waiting for a seq, so
     * no wager is shown by the page and then pushed again. A refused filter shows the view unfiltered.
     */
    private java.util.function.Function<org.jooq.DSLContext, DashboardPage> read(Context ctx, User user, String agentId, StreamFilter filter) {
        String view = agentId == null ? "Whole book" : "Agent " + agentId;
        String csrf = switchboard.web.Chrome.current(ctx).csrfToken();
        var applied = filter.valid() ? filter : StreamFilter.none();
        // Back from an acknowledgement someone had made first: which alert, by whom and when (a bad id is no notice).
        String already = ctx.queryParam("already");
        String reader = user.role() == Role.AGENT ? agentId : null;
        return tx -> {
            var at = new DashboardStore(tx);
            var before = already != null && Input.ID.matcher(already).matches()
                    ? at.alert(Long.parseLong(already), reader).filter(a -> !a.open()).orElse(null) : null;
            return new DashboardPage(view, new KpiStore(tx).kpis(Dashboard.scope(agentId), view), at.alerts(agentId).withCsrf(csrf),
                    at.recentWagers(agentId, applied.status(), applied.currency(), applied.minAmount()), at.recentActivity(agentId),
                    filter, user.role() == Role.ADMIN ? agentId : null, user.role() == Role.ADMIN ? at.agents() : java.util.List.of(), before, null);
        };
    }

    /**
     * RFC 9110's If-None-Match: a list of entity tags or {@code *}, compared weakly (a proxy that
     * compresses the page, nginx with gzip, turns our tag into {@code W/"…"}).
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The wall screen. Without JavaScript it reloads itself; its ETag is the last change of the
     * whole book plus the minute (active players and sparklines move with time), so an idle wall
     * gets 304 and costs one indexed lookup. The lookup reads at the feed's head with none of the
     * book's changes still waiting for their seq, so a wager committed just before the reload is
     * never answered with 304.
     */
    private void kiosk(Context ctx) {
        long last = feed.readAtHead(java.util.List.of(Dashboard.book()), tx -> DashboardStore.lastChange(tx, Dashboard.book().toString())).value();
        String etag = "\"book-" + last + "-"
                + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toEpochSecond() / 60 + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        var shown = feed.readAtHead(java.util.List.of(Dashboard.book()), tx -> {
            var at = new DashboardStore(tx);
            return new KioskPage(new KpiStore(tx).kpis("book", "Whole book"), at.alerts(null),
                    at.recentWagers(null, null, null, null).stream().limit(12).toList(), KIOSK_REFRESH, null);
        });
        var page = shown.value();
        templates.page(ctx, "dashboard/kiosk.jte",
                new KioskPage(page.kpis(), page.alerts(), page.wagers(), KIOSK_REFRESH, StreamUrl.of(shown.seq(), Dashboard.book())));
    }

    /**
     * Acknowledges an open alert. One that someone acknowledged first is no error to the person
     * who clicked: without JavaScript, back to their view saying who did it and when; with htmx,
     * that sentence as a fragment (409, shown above the form). One that does not exist, or that
     * the agent may not see, is a 404: a page with a way back, or text for htmx.
     */
    private void acknowledge(Context ctx) {
        User user = auth.user(ctx).orElseThrow();
        long id = Input.number(ctx.pathParam("id"), "alert id");
        String agentId = user.role() == Role.AGENT ? viewOf(user, null) : null;
        boolean htmx = ctx.header("HX-Request") != null;
        if (!store.acknowledge(id, agentId, user.displayName())) {
            notAcknowledged(ctx, id, agentId, htmx);
            return;
        }
        if (htmx) {
            ctx.status(204);
        } else {
            ctx.redirect(backToView(ctx.header("Referer")), io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    private void notAcknowledged(Context ctx, long id, String agentId, boolean htmx) {
        var before = store.alert(id, agentId).filter(a -> !a.open());
        String missing = "There is no alert " + id + " on your dashboard.";
        if (before.isPresent() && htmx) {
            ctx.status(409);
            templates.fragment(ctx, "dashboard/acknowledged_before.jte", before.get());
        } else if (before.isPresent()) {
            String back = backToView(ctx.header("Referer"));
            ctx.redirect(back + (back.contains("?") ? "&" : "?") + "already=" + id, io.javalin.http.HttpStatus.SEE_OTHER);
        } else if (htmx) {
            throw new NotFoundResponse(missing);
        } else {
            ctx.status(404);
            templates.page(ctx, "error.jte", ErrorPage.shown(404, missing, backToView(ctx.header("Referer"))));
        }
    }

    /**
     * Without JavaScript, back to the dashboard view the form was on (its agent and filters), when
     * the browser says which; without the notice of an earlier acknowledgement ({@code already}).
     */
    static String backToView(String referer) {
        String view = switchboard.web.SafeRedirect.refererPath(referer).filter(p -> p.equals("/dashboard") || p.startsWith("/dashboard?")).orElse("/dashboard");
        String query = java.util.Arrays.stream(view.substring("/dashboard".length()).replaceFirst("^\\?", "").split("&"))
                .filter(p -> !p.isEmpty() && !p.equals("already") && !p.startsWith("already="))
                .collect(java.util.stream.Collectors.joining("&"));
        return query.isEmpty() ? "/dashboard" : "/dashboard?" + query;
    }
}
