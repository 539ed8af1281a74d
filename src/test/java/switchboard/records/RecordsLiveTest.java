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
            list.await("the new row announced", s -> saw(s, "record-rows", "class=\"fresh\"") && saw(s, "record-rows", "Elif Şahin"), WAIT);
            var edit = beneficiary("Elif Şahin-Kurt", "10000000528");
            edit.put("version", "1");
            assertEquals(303, admin.post("/records/beneficiaries/" + id, edit).statusCode());
            list.await("the row replaced in place", s -> saw(s, "record-rows", "id=\"r-beneficiaries-" + id + "\" data-version=\"2\" hx-swap-oob=\"outerHTML\""), WAIT);
            assertEquals(303, admin.post("/records/beneficiaries/" + id + "/deletion", Map.of()).statusCode());
            list.await("the row removed", s -> saw(s, "record-rows", "id=\"r-beneficiaries-" + id + "\" hx-swap-oob=\"delete\""), WAIT);
            assertEquals(303, admin.post("/records/beneficiaries/" + id + "/restoration", Map.of()).statusCode());
            list.await("the restored row announced again", s -> s.events().stream()
                    .filter(e -> e.event().equals("record-rows") && e.data().contains("class=\"fresh\"")).count() == 2, WAIT);
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
            assertEquals(409, admin.post("/records/applications/" + app + "/status", Map.of("status", "paid")).statusCode(), "not before approval");
            for (String step : new String[] {"in_review", "approved", "paid"}) {
                assertEquals(303, admin.post("/records/applications/" + app + "/status", Map.of("status", step)).statusCode(), step);
            }
            bell.await("the handler's bell", s -> saw(s, "bell", "data-unread=\"3\""), WAIT);
        }
        assertTrue(sam.get("/notifications").body().contains("Application #" + app + " is now paid"));
        assertTrue(admin.get("/records/applications/" + app).body().contains("Root"), "who moved it is shown");
        var sql = node.database().sql();
        long entry = sql.fetchOne("select id from finance where source = 'application' and source_id = " + app).get(0, Long.class);
        assertThrows(org.jooq.exception.DataAccessException.class, () -> sql.execute("update finance set amount = 1 where id = " + entry), "the ledger is never edited");
        assertEquals(303, admin.post("/records/finance/" + entry + "/reversal", Map.of()).statusCode());
        assertEquals(409, admin.post("/records/finance/" + entry + "/reversal", Map.of()).statusCode(), "reversed once only");
        assertEquals(0, sql.fetchOne("select sum(amount) from finance where source_id = " + app + " and source in ('application', 'reversal')")
                .get(0, java.math.BigDecimal.class).signum());
    }

    @Test
    void anActionItemBecomesATaskForItsAssigneeAndAttendeesHearOfChanges() {
        long meeting = created(sam, "/records/meetings", Map.of("title", "Weekly case review", "starts_at", "2026-12-01T10:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root, sam", "notes", ""));
        assertEquals(303, sam.post("/records/meetings/" + meeting + "/decisions", Map.of("text", "Visit the Kaya family")).statusCode());
        long decision = node.database().sql().fetchOne("select id from meeting_decisions where meeting_id = " + meeting).get(0, Long.class);
        assertEquals(303, admin.post("/records/meetings/" + meeting + "/decisions/" + decision + "/items",
                Map.of("title", "Book the visit", "assignee", "sam", "due", "2026-12-05")).statusCode());
        String page = sam.get("/records/meetings/" + meeting).body();
        assertTrue(page.contains("Book the visit") && page.contains("/records/tasks/"), page);
        assertEquals(1, node.database().sql().fetchCount(switchboard.db.jooq.Tables.TASKS,
                switchboard.db.jooq.Tables.TASKS.ASSIGNEE_ID.eq(samId).and(switchboard.db.jooq.Tables.TASKS.TITLE.eq("Book the visit"))));
        var edit = new LinkedHashMap<>(Map.of("title", "Weekly case review (moved)", "starts_at", "2026-12-02T10:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root, sam", "notes", "", "version", "1"));
        assertEquals(303, admin.post("/records/meetings/" + meeting, edit).statusCode());
        assertTrue(sam.get("/notifications").body().contains("Meeting changed: Weekly case review (moved)"));
        assertTrue(sam.get("/notifications").body().contains("Task assigned to you: Book the visit"));
    }
}
