package switchboard.polls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.CHANGE_LOG;
import static switchboard.db.jooq.Tables.POLLS;
import static switchboard.db.jooq.Tables.POLL_OPTIONS;
import static switchboard.db.jooq.Tables.USERS;
import static switchboard.db.jooq.Tables.VOTES;
import static switchboard.db.jooq.Tables.VOTE_HOLDS;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

class PollsTest {
    private static final Pattern HOLD_ID = Pattern.compile("\"hold\":(\\d+)");
    private static switchboard.db.DatabaseUrl url;
    private static Switchboard node;
    private static long admin;
    private static WebClient ada;

    @BeforeAll
    static void start() {
        url = TestDatabase.fresh();
        node = TestNode.start(url);
        admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        ada = WebClient.signedIn(node.port(), "ada", "member password");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static long activePoll(OffsetDateTime closesAt, String... options) {
        var store = new PollStore(node.database().sql());
        long id = store.create("Which " + System.nanoTime() + "?", List.of(options), closesAt, admin);
        store.setStatus(id, "active");
        return id;
    }

    private static long option(long poll, int position) {
        return node.database().sql().select(POLL_OPTIONS.ID).from(POLL_OPTIONS)
                .where(POLL_OPTIONS.POLL_ID.eq(poll)).and(POLL_OPTIONS.POSITION.eq(position)).fetchOne(POLL_OPTIONS.ID);
    }

    private static long hold(WebClient member, long poll, long option) {
        var response = member.post("/polls/" + poll + "/holds", Map.of("option", String.valueOf(option)));
        assertEquals(201, response.statusCode(), response.body());
        var m = HOLD_ID.matcher(response.body());
        assertTrue(m.find(), response.body());
        return Long.parseLong(m.group(1));
    }

    private static HttpResponse<String> complete(WebClient member, long poll, long hold) {
        return member.post("/polls/" + poll + "/votes", Map.of("hold", String.valueOf(hold)));
    }

    /** Moves a hold's start back, as if the member had held it that long. */
    private static void heldFor(long hold, int seconds) {
        node.database().sql().update(VOTE_HOLDS).set(VOTE_HOLDS.STARTED_AT, OffsetDateTime.now().minusSeconds(seconds))
                .where(VOTE_HOLDS.ID.eq(hold)).execute();
    }

    private static int votes(long poll) {
        return node.database().sql().fetchCount(VOTES, VOTES.POLL_ID.eq(poll));
    }

    @Test
    void oneVisitorHoldingInTwoTabsStillHoldsWhenOneLetsGo() {
        var store = new HoldStore(node.database().sql());
        var visitor = new WebClient(node.port());
        visitor.get("/hold");
        long before = store.activeCount(Hold.CHANNEL);
        assertEquals(204, visitor.withToken("PUT", "/hold/presence?page=tab-a").statusCode());
        assertEquals(204, visitor.withToken("PUT", "/hold/presence?page=tab-b").statusCode());
        assertEquals(before + 1, store.activeCount(Hold.CHANNEL), "one person, two tabs");
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence?page=tab-a").statusCode());
        assertEquals(before + 1, store.activeCount(Hold.CHANNEL), "tab b still holds");
        assertEquals(204, visitor.withToken("PUT", "/hold/presence?page=tab-b").statusCode());
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence?page=tab-b").statusCode());
        assertEquals(before, store.activeCount(Hold.CHANNEL));

        assertEquals(204, visitor.withToken("PUT", "/hold/presence").statusCode(), "a client that names no page");
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence").statusCode());
        assertEquals(before, store.activeCount(Hold.CHANNEL));
        for (String bad : new String[] {"", "a%20b", "x".repeat(41), "%3Cscript%3E"}) {
            var answer = visitor.withToken("PUT", "/hold/presence?page=" + bad);
            assertEquals(400, answer.statusCode(), bad);
            assertTrue(answer.body().contains("reload the page"), answer.body());
        }
        assertEquals(before, store.activeCount(Hold.CHANNEL));
    }

    @Test
    void statisticsCountPublishedPollsAndMembersWhoCanSignIn() {
        var store = new PollStore(node.database().sql());
        PollStats before = store.stats();
        long draft = store.create("Draft " + System.nanoTime() + "?", List.of("a", "b"), null, admin);
        assertEquals(before.polls(), store.stats().polls(), "a draft is not on /stats");
        store.setStatus(draft, "active");
        assertEquals(before.polls() + 1, store.stats().polls());
        store.setStatus(draft, "closed");
        assertEquals(before.polls() + 1, store.stats().polls());
        node.database().sql().deleteFrom(POLLS).where(POLLS.ID.eq(draft)).execute();
        assertEquals(before.polls(), store.stats().polls());
        node.database().sql().deleteFrom(POLLS).where(POLLS.ID.eq(store.create("Gone?", List.of("a", "b"), null, admin))).execute();
        assertEquals(before.polls(), store.stats().polls(), "deleting a draft takes nothing off");

        long grace = node.auth().users().create("grace-" + System.nanoTime(), "Grace", "member password", Role.MEMBER).id();
        assertEquals(before.members() + 1, store.stats().members());
        node.auth().users().setDisabled(grace, true);
        assertEquals(before.members(), store.stats().members(), "a disabled account is not a member on /stats");
        node.auth().users().create("kiosk-" + System.nanoTime(), "Wall", "kiosk password", Role.KIOSK);
        assertEquals(before.members(), store.stats().members(), "a kiosk is not a member");
    }

    @Test
    void aHoldShorterThanThreeSecondsOrLetGoCastsNothing() {
        long poll = activePoll(null, "Tea", "Coffee");
        long hold = hold(ada, poll, option(poll, 1));
        var early = complete(ada, poll, hold);
        assertEquals(422, early.statusCode());
        assertTrue(early.body().contains("3 full seconds"), early.body());
        assertEquals(0, votes(poll));

        assertEquals(204, ada.withToken("DELETE", "/polls/" + poll + "/holds/" + hold).statusCode());
        heldFor(hold, 5);
        var afterLettingGo = complete(ada, poll, hold);
        assertEquals(422, afterLettingGo.statusCode(), "a forged complete after letting go");
        assertEquals(0, votes(poll));
    }

    @Test
    void aVoteSentEarlyEndsTheHoldSoTheSameHoldNeverCountsLater() {
        long poll = activePoll(null, "Tea", "Coffee");
        long hold = hold(ada, poll, option(poll, 2));
        var early = complete(ada, poll, hold);
        assertEquals(422, early.statusCode());
        assertTrue(early.body().contains("3 full seconds") && early.body().contains("Press and hold the option again"), early.body());
        assertTrue(node.database().sql().fetchValue(VOTE_HOLDS.ENDED_AT, VOTE_HOLDS.ID.eq(hold)) != null, "the early vote ended the hold");

        heldFor(hold, 4);
        var later = complete(ada, poll, hold);
        assertEquals(422, later.statusCode(), "the same hold, 3.2 s on: " + later.body());
        assertTrue(later.body().contains("press and hold the option again"), later.body());
        assertEquals(0, votes(poll));

        long again = hold(ada, poll, option(poll, 2));
        heldFor(again, 4);
        assertEquals(200, complete(ada, poll, again).statusCode(), "pressing and holding again counts");
        assertEquals(1, votes(poll));
        var reused = complete(ada, poll, again);
        assertTrue(reused.body().contains("You have already voted"), "a hold used for the vote, sent again: " + reused.body());
    }

    @Test
    void twoConcurrentCompletesCastOneVoteAndASecondVoteIsRefused() throws Exception {
        long poll = activePoll(null, "Tea", "Coffee");
        long hold = hold(ada, poll, option(poll, 2));
        heldFor(hold, 4);
        var barrier = new CyclicBarrier(2);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var a = CompletableFuture.supplyAsync(() -> { await(barrier); return complete(ada, poll, hold); }, pool);
            var b = CompletableFuture.supplyAsync(() -> { await(barrier); return complete(ada, poll, hold); }, pool);
            int ok = (a.get().statusCode() == 200 ? 1 : 0) + (b.get().statusCode() == 200 ? 1 : 0);
            assertEquals(1, ok, a.get().body() + " / " + b.get().body());
        }
        assertEquals(1, votes(poll));
        assertEquals(1, node.database().sql().fetchValue(POLLS.TOTAL_VOTES, POLLS.ID.eq(poll)));
        assertTrue(ada.get("/polls/" + poll).body().contains("You voted for <strong>Coffee</strong>"));

        var again = ada.post("/polls/" + poll + "/holds", Map.of("option", String.valueOf(option(poll, 1))));
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already voted"), again.body());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBurstOfVotesReachesEverySubscriberAsFewCoalescedUpdatesWithExactTotals() throws Exception {
        long poll = activePoll(null, "Red", "Green", "Blue");
        var sql = node.database().sql();
        // 200 members, made directly: sign-in is not what this test is about.
        var ids = new java.util.ArrayList<Long>();
        for (int i = 0; i < 200; i++) {
            ids.add(sql.insertInto(USERS, USERS.USERNAME, USERS.DISPLAY_NAME, USERS.ROLE).values("voter" + i, "Voter " + i, "MEMBER")
                    .returning(USERS.ID).fetchOne(USERS.ID));
        }
        String cookie = "sb_session=" + ada.cookie("sb_session");
        long since = node.listener().cursor();
        var subscribers = new java.util.ArrayList<SseClient>();
        for (int i = 0; i < 3; i++) {
            subscribers.add(SseClient.open(node.port(), "/live?topics=poll:" + poll + "&since=" + since, null, cookie));
        }
        try (var pool = Executors.newFixedThreadPool(16)) {
            var futures = new java.util.ArrayList<CompletableFuture<Void>>();
            for (int i = 0; i < ids.size(); i++) {
                long user = ids.get(i);
                long opt = option(poll, 1 + i % 3);
                futures.add(CompletableFuture.runAsync(() -> sql.insertInto(VOTES, VOTES.POLL_ID, VOTES.USER_ID, VOTES.OPTION_ID)
                        .values(poll, user, opt).execute(), pool));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        }
        String expected = "<span class=\"total\">200 votes</span>";
        for (var s : subscribers) {
            s.await("the last update to show all 200 votes", c -> !c.events().isEmpty() && c.events().getLast().data().contains(expected), Duration.ofSeconds(10));
            String last = s.events().getLast().data();
            for (var option : sql.selectFrom(POLL_OPTIONS).where(POLL_OPTIONS.POLL_ID.eq(poll)).fetch()) {
                assertTrue(last.contains("data-option=\"" + option.getId() + "\">") && last.contains(">" + option.getVotes() + "</span>"), last);
            }
            System.err.println("poll subscriber got " + s.events().size() + " updates for 200 votes");
            // How many depends on how the 16 writers' commits fall into the listener's batches
            // (about 20 to 120 on two cores, more when the machine is busy): fewer than the votes.
            assertTrue(s.events().size() < 200, "coalesced: " + s.events().size() + " updates for 200 votes");
        }
        // Deterministically: votes committed together are one batch, rendered once: one update.
        var more = new java.util.ArrayList<Long>();
        for (int i = 0; i < 50; i++) {
            more.add(sql.insertInto(USERS, USERS.USERNAME, USERS.DISPLAY_NAME, USERS.ROLE).values("late" + i, "Late " + i, "MEMBER")
                    .returning(USERS.ID).fetchOne(USERS.ID));
        }
        int[] before = subscribers.stream().mapToInt(s -> s.events().size()).toArray();
        long opt = option(poll, 1);
        sql.transaction(cfg -> {
            for (long user : more) {
                org.jooq.impl.DSL.using(cfg).insertInto(VOTES, VOTES.POLL_ID, VOTES.USER_ID, VOTES.OPTION_ID).values(poll, user, opt).execute();
            }
        });
        String total = "<span class=\"total\">250 votes</span>";
        for (int i = 0; i < subscribers.size(); i++) {
            var s = subscribers.get(i);
            s.await("the 50 votes of one commit", c -> c.events().getLast().data().contains(total), Duration.ofSeconds(10));
            assertEquals(before[i] + 1, s.events().size(), "50 votes in one commit reach a page as one update");
            s.close();
        }
    }

    @Test
    void aPollClosesOnceAtItsClosingTimeWithTwoNodesRunningAndRefusesVotes() {
        try (var second = TestNode.start(url)) {
            long poll = activePoll(OffsetDateTime.now().plusSeconds(2), "Yes", "No");
            long hold = hold(ada, poll, option(poll, 1));
            Wait.until("the poll to close by itself", () -> "closed".equals(node.database().sql().fetchValue(POLLS.STATUS, POLLS.ID.eq(poll))), Duration.ofSeconds(10));
            heldFor(hold, 4);
            var refused = complete(ada, poll, hold);
            assertEquals(409, refused.statusCode());
            assertTrue(refused.body().contains("closed"), refused.body());
            assertEquals(0, votes(poll));
            String page = ada.get("/polls/" + poll).body();
            assertTrue(page.contains("<p class=\"notice\" id=\"poll-closed\">This poll is closed; votes are no longer taken.</p>")
                    && !page.contains("Press and hold"), "a closed poll's page says so on load, without instructions to hold: " + page);
            assertEquals(1, node.database().sql().fetchCount(CHANGE_LOG, CHANGE_LOG.TOPIC.eq("poll:" + poll).and(CHANGE_LOG.KIND.eq("poll.closed"))),
                    "closed exactly once");
            assertTrue(second.port() > 0);
        }
    }
}
