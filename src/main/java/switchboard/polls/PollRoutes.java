package switchboard.polls;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.web.Input;
import switchboard.web.QrCode;
import switchboard.web.Templates;

/**
 * The poll pages and hold-to-vote: {@code POST /polls/{id}/holds} starts a hold on an option,
 * {@code DELETE /polls/{id}/holds/{hold}} lets go, {@code POST /polls/{id}/votes} turns a hold
 * of at least 3 s into the member's vote.
 */
final class PollRoutes {
    private static final Map<PollStore.Outcome, String> REFUSALS = Map.of(
            PollStore.Outcome.TOO_EARLY, "Too early: a vote needs 3 full seconds of holding, and this hold is now over. Press and hold the option again.",
            PollStore.Outcome.NO_HOLD, "That hold is over (let go, sent before 3 seconds, or the poll's options were changed meanwhile); press and hold the option again.",
            PollStore.Outcome.EXPIRED, "That hold is too old; press and hold the option again.",
            PollStore.Outcome.CLOSED, "This poll is closed; votes are no longer taken.",
            PollStore.Outcome.ALREADY_VOTED, "You have already voted in this poll; one vote per member.");

    private final PollStore store;
    private final Templates templates;
    private final ChangeFeed feed;
    private final Auth auth;
    private final String publicUrl;

    PollRoutes(PollStore store, Templates templates, ChangeFeed feed, Auth auth, String publicUrl) {
        this.publicUrl = publicUrl;
        this.store = store;
        this.templates = templates;
        this.feed = feed;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/polls", Access.VIEWER, this::list)
                .get("/polls/{id}", Access.VIEWER, ctx -> show(ctx, false))
                .get("/polls/{id}/kiosk", Access.VIEWER, ctx -> show(ctx, true))
                .post("/polls/{id}/holds", Access.MEMBER, this::hold)
                .delete("/polls/{id}/holds/{hold}", Access.MEMBER, this::letGo)
                .post("/polls/{id}/votes", Access.MEMBER, this::vote);
    }

    private void list(Context ctx) {
        String filter = ctx.queryParam("filter") == null ? "public" : ctx.queryParam("filter");
        if (!Polls.FILTERS.contains(filter)) {
            throw new BadRequestResponse("Unknown filter '" + filter.substring(0, Math.min(20, filter.length())) + "'; use active, closed or public.");
        }
        long since = feed.head();
        templates.page(ctx, "polls/list.jte", new PollListPage(filter, store.list(filter), StreamUrl.of(since, Polls.list())));
    }

    private void show(Context ctx, boolean kiosk) {
        long since = feed.head();
        Poll poll = poll(ctx);
        User user = auth.user(ctx).orElseThrow();
        Long myVote = store.voteOf(poll.id(), user.id()).orElse(null);
        boolean canVote = !kiosk && poll.active() && myVote == null && user.role() != Role.KIOSK;
        // A room votes from their phones: the kiosk shows where (PUBLIC_URL when set, as kiosk links do).
        String join = kiosk ? auth.settings().addresses().origin(ctx, publicUrl) + "/polls/" + poll.id() : null;
        templates.page(ctx, kiosk ? "polls/kiosk.jte" : "polls/poll.jte",
                new PollPage(poll, myVote, canVote, kiosk, StreamUrl.of(since, Polls.poll(poll.id())), join, join == null ? null : QrCode.of(join)));
    }

    private void hold(Context ctx) {
        Poll poll = poll(ctx);
        long userId = auth.user(ctx).orElseThrow().id();
        long optionId = Input.number(ctx.formParam("option"), "option");
        if (poll.option(optionId) == null) {
            throw new BadRequestResponse("Option " + optionId + " is not part of this poll.");
        }
        if (!poll.active() || store.voteOf(poll.id(), userId).isPresent()) {
            ctx.status(409);
            var reason = poll.active() ? PollStore.Outcome.ALREADY_VOTED : PollStore.Outcome.CLOSED;
            templates.fragment(ctx, "polls/my_vote.jte", new MyVote(null, REFUSALS.get(reason)));
            return;
        }
        ctx.status(201).json(Map.of("hold", store.startHold(poll.id(), userId, optionId), "holdMillis", PollStore.HOLD.toMillis()));
    }

    private void letGo(Context ctx) {
        long userId = auth.user(ctx).orElseThrow().id();
        store.endHold(Input.number(ctx.pathParam("hold"), "hold"), userId);
        ctx.status(204);
    }

    private void vote(Context ctx) {
        Poll poll = poll(ctx);
        long userId = auth.user(ctx).orElseThrow().id();
        var outcome = store.complete(poll.id(), Input.number(ctx.formParam("hold"), "hold"), userId);
        if (outcome != PollStore.Outcome.CAST) {
            ctx.status(outcome == PollStore.Outcome.TOO_EARLY || outcome == PollStore.Outcome.NO_HOLD ? 422 : 409);
            templates.fragment(ctx, "polls/my_vote.jte", new MyVote(null, REFUSALS.get(outcome)));
            return;
        }
        // Options cannot change once the poll has a vote, so the poll read above names it.
        long option = store.voteOf(poll.id(), userId).orElseThrow();
        templates.fragment(ctx, "polls/my_vote.jte", new MyVote(poll.option(option).label(), null));
    }

    private Poll poll(Context ctx) {
        long id = Input.number(ctx.pathParam("id"), "poll id");
        Poll poll = store.find(id).orElseThrow(() -> new NotFoundResponse("There is no poll " + id + ". All polls are listed at /polls."));
        boolean admin = auth.user(ctx).map(u -> u.role() == Role.ADMIN).orElse(false);
        if (!poll.visibleTo(admin)) {
            throw new NotFoundResponse("There is no poll " + id + ". All polls are listed at /polls.");
        }
        return poll;
    }

}
