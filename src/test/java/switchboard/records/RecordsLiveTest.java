package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.SseClient;
import switchboard.testing.WebClient;

/** Open lists and pages follow other people's work; the workflows book, notify and make tasks. */
class RecordsLiveTest extends AdminNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static WebClient sam;
    private static long samId;

    @BeforeAll
    static void people() {
        samId = node.auth().users().create("sam", "Sam", "staff password", Role.STAFF).id();
        sam = WebClient.signedIn(node.port(), "sam", "staff password");
    }

    private static long head() {
        return node.database().sql().fetchOne("select last_seq from change_counter").get(0, Long.class);
    }

    private static long created(WebClient client, String path, Map<String, String> form) {
        var answer = client.post(path, form);
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static Map<String, String> beneficiary(String name, String nationalId) {
        var form = new LinkedHashMap<String, String>();
        form.put("name", name);
        form.put("national_id", nationalId);
        form.put("phone", "");
        form.put("address", "");
        form.put("household_size", "2");
        form.put("status", "active");
        form.put("notes", "");
        return form;
    }

    private static SseClient stream(WebClient client, String topics) throws Exception {
        return SseClient.open(node.port(), "/live?topics=" + topics + "&since=" + head(), null, "sb_session=" + client.cookie("sb_session"));
    }

    private static boolean saw(SseClient s, String event, String text) {
        return s.events().stream().anyMatch(e -> e.event().equals(event) && e.data().contains(text));
    }

    @Test
    void anOpenListAnnouncesNewRowsReplacesEditedOnesAndDropsDeletedOnes() throws Exception {
        try (var list = stream(sam, "records:beneficiaries")) {
            long id = created(admin, "/records/beneficiaries", beneficiary("Elif Şahin", "10000000528"));
            list.await("the new row announced", s -> saw(s, "record-rows", "class=\"fresh\" data-id") && saw(s, "record-rows", "Elif Şahin"), WAIT);
            var edit = beneficiary("Elif Şahin-Kurt", "10000000528");
            edit.put("version", "1");
            assertEquals(303, admin.post("/records/beneficiaries/" + id, edit).statusCode());
            list.await("the row replaced in place", s -> saw(s, "record-rows", "id=\"r-beneficiaries-" + id + "\" data-version=\"2\" hx-swap-oob=\"outerHTML\""), WAIT);
            assertEquals(303, admin.post("/records/beneficiaries/" + id + "/deletion", Map.of("version", "2")).statusCode());
            list.await("the row removed", s -> saw(s, "record-rows", "id=\"r-beneficiaries-" + id + "\" hx-swap-oob=\"delete\""), WAIT);
            assertEquals(303, admin.post("/records/beneficiaries/" + id + "/restoration", Map.of("version", "3")).statusCode());
            list.await("the restored row announced again", s -> s.events().stream()
                    .filter(e -> e.event().equals("record-rows") && e.data().contains("class=\"fresh\" data-id")).count() == 2, WAIT);
        }
    }

    @Test
    void someoneEditingIsShownLiveAndGoesWhenTheyLeave() throws Exception {
        long id = created(admin, "/records/beneficiaries", beneficiary("Ömer Çelik", "10000000696"));
        try (var page = stream(admin, "record:beneficiaries:" + id)) {
            assertEquals(204, sam.withToken("PUT", "/records/beneficiaries/" + id + "/presence").statusCode());
            page.await("Sam is editing", s -> saw(s, "record-editing", "Sam is editing"), WAIT);
            assertEquals(204, sam.withToken("DELETE", "/records/beneficiaries/" + id + "/presence").statusCode());
            page.await("the mark gone", s -> {
                var last = s.events().stream().filter(e -> e.event().equals("record-editing")).reduce((a, b) -> b);
                return last.isPresent() && !last.get().data().contains("is editing");
            }, WAIT);
        }
    }

    @Test
    void anApplicationMovesAlongItsWorkflowBooksThePaymentAndTellsItsHandler() throws Exception {
        long person = created(admin, "/records/beneficiaries", beneficiary("Hatice Aydın", "10000000764"));
        long app = created(admin, "/records/applications", Map.of("beneficiary_id", String.valueOf(person), "aid_kind", "rent",
                "amount_requested", "1500.00", "currency", "TRY", "handler_id", "sam", "notes", ""));
        try (var bell = stream(sam, "notifications:" + samId)) {
            String page = "/records/applications/" + app;
            assertEquals(409, admin.post(page + "/status", Shown.form(admin, page, "status", "paid")).statusCode(), "not before approval");
            for (String step : new String[] {"in_review", "approved", "paid"}) {
                assertEquals(303, admin.post(page + "/status", Shown.form(admin, page, "status", step)).statusCode(), step);
            }
            bell.await("the handler's bell", s -> saw(s, "bell", "data-unread=\"3\""), WAIT);
        }
        assertTrue(sam.get("/notifications").body().contains("Application #" + app + " is now paid"));
        assertTrue(admin.get("/records/applications/" + app).body().contains("Root"), "who moved it is shown");
        var sql = node.database().sql();
        long entry = sql.fetchOne("select id from finance where source = 'application' and source_id = " + app).get(0, Long.class);
        assertThrows(org.jooq.exception.DataAccessException.class, () -> sql.execute("update finance set amount = 1 where id = " + entry), "the ledger is never edited");
        var reversal = admin.post("/records/finance/" + entry + "/reversal", Map.of());
        assertEquals(409, reversal.statusCode(), "the payment of a paid application follows the application, not a hand reversal");
        assertTrue(reversal.body().contains("application #" + app), reversal.body());
        assertEquals(0, new java.math.BigDecimal("1500.00").compareTo(sql.fetchOne("select sum(amount) from finance where source_id = " + app
                + " and source in ('application', 'reversal')").get(0, java.math.BigDecimal.class)));
    }

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"");
    private static final java.util.regex.Pattern SEEN = java.util.regex.Pattern.compile("name=\"seen\" value=\"(\\d+)\"");

    /** The version and last history entry a meeting's page (or form) was drawn at, as its forms send them back. */
    private static Map<String, String> drawnAt(WebClient client, String path) {
        String page = client.get(path).body();
        var version = VERSION.matcher(page);
        var seen = SEEN.matcher(page);
        assertTrue(version.find() && seen.find(), page);
        return new LinkedHashMap<>(Map.of("version", version.group(1), "seen", seen.group(1)));
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        var form = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void anActionItemBecomesATaskForItsAssigneeAndAttendeesHearOfChanges() {
        long meeting = created(sam, "/records/meetings", Map.of("title", "Weekly case review", "starts_at", "2026-12-01T10:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root, sam", "notes", ""));
        String page = "/records/meetings/" + meeting;
        assertEquals(303, sam.post(page + "/decisions", with(drawnAt(sam, page), "text", "Visit the Kaya family")).statusCode());
        long decision = node.database().sql().fetchOne("select id from meeting_decisions where meeting_id = " + meeting).get(0, Long.class);
        assertEquals(303, admin.post(page + "/items", with(drawnAt(admin, page), "decision", String.valueOf(decision),
                "title", "Book the visit", "assignee", "sam", "due", "2026-12-05")).statusCode());
        String shown = sam.get(page).body();
        assertTrue(shown.contains("Book the visit") && shown.contains("/records/tasks/"), shown);
        assertEquals(1, node.database().sql().fetchCount(switchboard.db.jooq.Tables.TASKS,
                switchboard.db.jooq.Tables.TASKS.ASSIGNEE_ID.eq(samId).and(switchboard.db.jooq.Tables.TASKS.TITLE.eq("Book the visit"))));
        var edit = with(drawnAt(admin, page + "/edit"), "title", "Weekly case review (moved)", "starts_at", "2026-12-02T10:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root, sam", "notes", "");
        assertEquals(303, admin.post(page, edit).statusCode());
        assertTrue(sam.get("/notifications").body().contains("Meeting changed: Weekly case review (moved)"));
        assertTrue(sam.get("/notifications").body().contains("Task assigned to you: Book the visit"));
    }

    @Test
    void aSubItemSavedFromAnOlderVersionIsRefusedShowingTheChangeAndKeepingTheInput() {
        long meeting = created(admin, "/records/meetings", Map.of("title", "Board", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "", "attendees", "root", "notes", ""));
        String page = "/records/meetings/" + meeting;
        var samsPage = drawnAt(sam, page);
        var samsForm = drawnAt(sam, page + "/edit");
        assertEquals(303, admin.post(page + "/decisions", with(drawnAt(admin, page), "text", "Rent the hall")).statusCode());

        // The meeting's own form is stale too, and says why: the decision is in its conflict table.
        var edit = sam.post(page, with(samsForm, "title", "Board (draft)", "starts_at", "2026-12-03T09:00", "organizer_id", "root",
                "location", "", "attendees", "root", "notes", ""));
        assertEquals(409, edit.statusCode());
        assertTrue(edit.body().contains("id=\"conflict\"") && edit.body().contains("Rent the hall") && edit.body().contains("value=\"Board (draft)\""), edit.body());

        var refused = sam.post(page + "/decisions", with(samsPage, "text", "Hire a bus"));
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("id=\"conflict\"") && refused.body().contains("Root") && refused.body().contains("Rent the hall"), refused.body());
        assertTrue(refused.body().contains(">Hire a bus</textarea>"), "what Sam typed is kept");
        assertEquals(0, node.database().sql().fetchCount(switchboard.db.jooq.Tables.MEETING_DECISIONS,
                switchboard.db.jooq.Tables.MEETING_DECISIONS.TEXT.eq("Hire a bus")), "nothing stored");

        long decision = node.database().sql().fetchOne("select id from meeting_decisions where meeting_id = " + meeting).get(0, Long.class);
        var item = sam.post(page + "/items", with(samsPage, "decision", String.valueOf(decision), "title", "Call the driver", "assignee", "sam", "due", ""));
        assertEquals(409, item.statusCode(), "an action item from the old version too");
        assertTrue(item.body().contains("value=\"Call the driver\""), item.body());

        // Saved again from the refusal's form, at the version it now carries: accepted.
        var again = with(drawnAt(sam, page), "text", "Hire a bus");
        assertEquals(303, sam.post(page + "/decisions", again).statusCode());
        var invalid = sam.post(page + "/items", with(drawnAt(sam, page), "decision", String.valueOf(decision), "title", "", "assignee", "nobody", "due", "soon"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("There is no admin or staff account with that username.") && invalid.body().contains("value=\"soon\""), invalid.body());
    }

    @Test
    void sqlChangesToAMeetingsAttendeesDecisionsAndActionItemsShowInItsHistory() {
        long meeting = created(admin, "/records/meetings", Map.of("title", "Field visit", "starts_at", "2026-12-04T09:00",
                "organizer_id", "root", "location", "", "attendees", "root", "notes", ""));
        String page = "/records/meetings/" + meeting;
        var before = drawnAt(admin, page);
        var sql = node.database().sql();
        sql.execute("insert into meeting_attendees (meeting_id, user_id) values (" + meeting + ", " + samId + ")");
        sql.execute("insert into meeting_decisions (meeting_id, text) values (" + meeting + ", 'Buy coal')");
        long decision = sql.fetchOne("select id from meeting_decisions where meeting_id = " + meeting).get(0, Long.class);
        sql.execute("insert into action_items (decision_id, title, assignee_id) values (" + decision + ", 'Order 2 tonnes', " + samId + ")");
        sql.execute("update action_items set title = 'Order 3 tonnes' where decision_id = " + decision);
        sql.execute("update meeting_decisions set text = 'Buy coal and wood' where id = " + decision);

        String history = admin.get(page).body();
        history = history.substring(history.indexOf("<h2>History</h2>"));
        for (String shown : new String[] {"sql:", "Attendees: <del>Root</del> → <ins>Root, Sam</ins>", "decision #" + decision + ": <del></del> → <ins>Buy coal</ins>",
                "title: <del>Order 2 tonnes</del> → <ins>Order 3 tonnes</ins>", "<del>Buy coal</del> → <ins>Buy coal and wood</ins>"}) {
            assertTrue(history.contains(shown), shown + " in " + history);
        }
        assertTrue(Integer.parseInt(drawnAt(admin, page).get("version")) >= Integer.parseInt(before.get("version")) + 5, "each change moved the version on");
        assertEquals(409, admin.post(page + "/decisions", with(before, "text", "Too late")).statusCode(), "a form from before is stale");
        assertEquals("Order 3 tonnes", sql.fetchOne("select t.title from tasks t join action_items a on a.task_id = t.id where a.decision_id = " + decision).get(0, String.class),
                "the task follows its action item");
        assertTrue(sam.get("/notifications").body().contains("Meeting changed: Field visit"), "the new attendee hears of it");
    }

    @Test
    void decisionsAndActionItemsAreEditedAndRemovedWithTheirTasksCancelledAndAllInTheHistory() {
        // Her own account: Sam's unread count is another test's.
        node.auth().users().create("ece", "Ece", "staff password", Role.STAFF);
        var ece = WebClient.signedIn(node.port(), "ece", "staff password");
        long meeting = created(admin, "/records/meetings", Map.of("title", "Winter plan", "starts_at", "2026-12-05T09:00",
                "organizer_id", "root", "location", "", "attendees", "root, ece", "notes", ""));
        String page = "/records/meetings/" + meeting;
        var sql = node.database().sql();
        assertEquals(303, admin.post(page + "/decisions", with(drawnAt(admin, page), "text", "Open a warm room")).statusCode());
        long decision = sql.fetchOne("select id from meeting_decisions where meeting_id = " + meeting).get(0, Long.class);
        assertEquals(303, admin.post(page + "/items", with(drawnAt(admin, page), "decision", String.valueOf(decision),
                "title", "Find a room", "assignee", "ece", "due", "2026-12-10")).statusCode());
        long item = sql.fetchOne("select id from action_items where decision_id = " + decision).get(0, Long.class);
        long task = sql.fetchOne("select task_id from action_items where id = " + item).get(0, Long.class);
        var ecesPage = drawnAt(ece, page);

        assertEquals(303, admin.post(page + "/decisions/" + decision, with(drawnAt(admin, page), "text", "Open two warm rooms")).statusCode());
        assertEquals(303, admin.post(page + "/items/" + item, with(drawnAt(admin, page), "decision", String.valueOf(decision),
                "title", "Find two rooms", "assignee", "root", "due", "2026-12-12")).statusCode());
        var moved = sql.fetchOne("select title, assignee_id, due_date::text from tasks where id = " + task);
        assertEquals("Find two rooms", moved.get(0, String.class), "the task follows the edited item");
        assertEquals(node.auth().users().find("root").orElseThrow().id(), moved.get(1, Long.class));
        assertEquals("2026-12-12", moved.get(2, String.class));

        // Ece's page is from before both edits: her edit is refused, shows them, and keeps her input.
        var stale = ece.post(page + "/items/" + item, with(ecesPage, "decision", String.valueOf(decision), "title", "Heat the hall", "assignee", "ece", "due", ""));
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("id=\"conflict\"") && stale.body().contains("Open two warm rooms") && stale.body().contains("value=\"Heat the hall\""), stale.body());
        assertEquals(409, ece.post(page + "/decisions/" + decision, with(ecesPage, "text", "Close")).statusCode());
        assertEquals(409, ece.post(page + "/items/" + item + "/removal", with(ecesPage, "confirmed", "yes")).statusCode(), "a stale removal too");
        var invalid = ece.post(page + "/items/" + item, with(drawnAt(ece, page), "decision", String.valueOf(decision), "title", "", "assignee", "nobody", "due", "soon"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("There is no admin or staff account with that username.") && invalid.body().contains("value=\"soon\""), invalid.body());

        // Without JavaScript a removal asks first, saying what goes with it; nothing is removed yet.
        var asked = ece.post(page + "/decisions/" + decision + "/removal", drawnAt(ece, page));
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("Its action items go with it") && asked.body().contains("name=\"confirmed\" value=\"yes\""), asked.body());
        assertEquals(1, sql.fetchCount(switchboard.db.jooq.Tables.ACTION_ITEMS, switchboard.db.jooq.Tables.ACTION_ITEMS.ID.eq(item)));

        assertEquals(303, ece.post(page + "/items/" + item + "/removal", with(drawnAt(ece, page), "confirmed", "yes")).statusCode());
        assertEquals("cancelled", sql.fetchOne("select status from tasks where id = " + task).get(0, String.class), "the removed item's task is cancelled");
        assertEquals(303, admin.post(page + "/items", with(drawnAt(admin, page), "decision", String.valueOf(decision),
                "title", "Buy heaters", "assignee", "ece", "due", "")).statusCode());
        long second = sql.fetchOne("select task_id from action_items where decision_id = " + decision).get(0, Long.class);
        assertEquals(303, admin.post(page + "/decisions/" + decision + "/removal", with(drawnAt(admin, page), "confirmed", "yes")).statusCode());
        assertEquals(0, sql.fetchCount(switchboard.db.jooq.Tables.MEETING_DECISIONS, switchboard.db.jooq.Tables.MEETING_DECISIONS.MEETING_ID.eq(meeting)));
        assertEquals("cancelled", sql.fetchOne("select status from tasks where id = " + second).get(0, String.class), "its items' tasks are cancelled with it");

        String history = admin.get(page).body();
        history = history.substring(history.indexOf("<h2>History</h2>"));
        for (String shown : new String[] {"<del>Open a warm room</del> → <ins>Open two warm rooms</ins>", "title: <del>Find a room</del> → <ins>Find two rooms</ins>",
                "<del>Find two rooms</del> → <ins></ins>", "<del>Open two warm rooms</del> → <ins></ins>", "<del>Buy heaters</del> → <ins></ins>"}) {
            assertTrue(history.contains(shown), shown + " in " + history);
        }
    }

    @Test
    void anAccountsBellIsRightAfterReplayAndNoOtherAccountMayFollowIt() throws Exception {
        long since = head();
        assertEquals(303, admin.post("/records/tasks", Map.of("title", "Count the blankets", "description", "", "assignee_id", "sam",
                "due_date", "", "priority", "normal", "status", "open")).statusCode());
        int unread = node.database().sql().fetchOne("select count(*) from notifications where read_at is null and user_id = " + samId).get(0, Integer.class);
        // A page drawn before the task reconnects from its seq: the replay redraws the count as it is now.
        try (var replay = SseClient.open(node.port(), "/live?topics=notifications:" + samId + "&since=" + since, null, "sb_session=" + sam.cookie("sb_session"))) {
            replay.await("the replayed bell", s -> saw(s, "bell", "data-unread=\"" + unread + "\""), WAIT);
        }
        long rootId = node.auth().users().find("root").orElseThrow().id();
        var refused = sam.statusOnly("GET", "/live?topics=records:tasks,notifications:" + rootId + "&since=" + head(), Map.of("Accept", "text/event-stream"));
        assertEquals(403, refused.statusCode(), "another account's bell, even beside a topic Sam may follow");
    }

    @Test
    void aMeetingMadeWithAttendeesIsAnnouncedAsNewThoughItsTransactionChangedItAgain() throws Exception {
        try (var list = stream(admin, "records:meetings")) {
            var form = new LinkedHashMap<String, String>();
            form.put("title", "Board with attendees");
            form.put("starts_at", "2026-12-10T10:00");
            form.put("organizer_id", "root");
            form.put("location", "Hall");
            form.put("attendees", "root, sam");
            form.put("notes", "");
            created(admin, "/records/meetings", form);
            list.await("the new meeting announced", s -> s.events().stream()
                    .anyMatch(e -> e.event().equals("record-rows") && e.data().contains("class=\"fresh\" data-id") && e.data().contains("Board with attendees")), WAIT);
        }
    }
}
