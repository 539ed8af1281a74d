package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/** What a record's page offers: only the actions that can still work. */
class RecordPageTest extends AdminNodeTest {
    @Test
    void aLedgerEntryOffersAReversalOnlyWhenNoLiveRecordBooksIt() {
        var answer = admin.post("/records/donations", new LinkedHashMap<>(Map.of("donor_name", "Ayla Ünal", "donor_contact", "", "amount", "80.00",
                "currency", "GBP", "method", "transfer", "status", "received", "transaction_date", "2026-11-20", "notes", "")));
        assertEquals(303, answer.statusCode(), answer.body());
        String donation = answer.headers().firstValue("Location").orElseThrow();
        long entry = node.database().sql().fetchOne("select id from finance where source = 'donation'").get(0, Long.class);
        String page = "/records/finance/" + entry;
        assertFalse(admin.get(page).body().contains("Post a reversing entry"), "the live donation's entry follows the donation");
        String form = admin.get(donation).body();
        var version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(form);
        assertTrue(version.find());
        assertEquals(303, admin.post(donation + "/deletion", Map.of("version", version.group(1))).statusCode());
        long reversal = node.database().sql().fetchOne("select id from finance where reverses_id = " + entry).get(0, Long.class);
        assertFalse(admin.get(page).body().contains("Post a reversing entry"), "the deletion reversed it");
        assertFalse(admin.get("/records/finance/" + reversal).body().contains("Post a reversing entry"), "nor does the reversal");
        assertEquals(409, admin.post(page + "/reversal", Map.of()).statusCode());
    }

    @Test
    void theEditFormsSaveWaitsForTheServer() {
        var answer = admin.post("/records/tasks", new LinkedHashMap<>(Map.of("title", "Call", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open")));
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(admin.get(location + "/edit").body().contains("<button type=\"submit\" data-needs-server>Save</button>"),
                "live.js disables it while the page is offline");
    }

    @Test
    void aPageThatNoLongerShowsTheRecordCannotDeleteOrMoveIt() {
        var task = admin.post("/records/tasks", new LinkedHashMap<>(Map.of("title", "Paint", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open")));
        String path = task.headers().firstValue("Location").orElseThrow();
        var version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"");
        var shown = version.matcher(admin.get(path).body());
        assertTrue(shown.find(), "the page's Delete carries the version it shows");
        String stale = shown.group(1);
        var edit = version.matcher(admin.get(path + "/edit").body());
        assertTrue(edit.find());
        var saved = new LinkedHashMap<>(Map.of("title", "Paint the hall", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open", "version", edit.group(1), "seen", "0"));
        assertEquals(303, admin.post(path, saved).statusCode());
        var before = switchboard.testing.Stored.digest(node.database().sql());
        var refused = admin.send("POST", path + "/deletion", "pac4jCsrfToken=" + admin.csrf() + "&version=" + stale,
                "application/x-www-form-urlencoded", Map.of("Accept", "text/html"));
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("was changed since your page showed it") && refused.body().contains("<main>"),
                "a page in the layout that says why: " + refused.body());
        assertEquals(before, switchboard.testing.Stored.digest(node.database().sql()), "nothing deleted");
        var current = version.matcher(admin.get(path).body());
        assertTrue(current.find());
        assertEquals(303, admin.post(path + "/deletion", Map.of("version", current.group(1))).statusCode(), "from a page that shows it now, it is deleted");
    }

    @Test
    void savingARecordDeletedMeanwhileKeepsWhatWasTypedAndThePageFollowsTheRecordLive() throws Exception {
        var task = admin.post("/records/tasks", new LinkedHashMap<>(Map.of("title", "Sweep", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open")));
        String path = task.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        var version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"");
        var form = version.matcher(admin.get(path + "/edit").body());
        assertTrue(form.find());
        long since = node.database().sql().fetchOne("select last_seq from change_counter").get(0, Long.class);
        try (var page = switchboard.testing.SseClient.open(node.port(), "/live?topics=record:tasks:" + id + "&since=" + since, null,
                "sb_session=" + admin.cookie("sb_session"))) {
            var renamed = new LinkedHashMap<>(Map.of("title", "Sweep the yard", "description", "", "assignee_id", "", "due_date", "",
                    "priority", "low", "status", "open", "version", form.group(1), "seen", "0"));
            assertEquals(303, admin.post(path, renamed).statusCode());
            page.await("the heading to follow the rename", s -> s.events().stream().anyMatch(e -> e.event().equals("record-detail")
                    && e.data().contains("<h1>task #" + id + ": Sweep the yard</h1>")), java.time.Duration.ofSeconds(10));
            var now = version.matcher(admin.get(path).body());
            assertTrue(now.find());
            assertEquals(303, admin.post(path + "/deletion", Map.of("version", now.group(1))).statusCode());
            page.await("the page to offer Restore, not Edit and Delete", s -> s.events().stream().anyMatch(e -> e.event().equals("record-detail")
                    && e.data().contains(">Restore</button>") && !e.data().contains("/edit\"")), java.time.Duration.ofSeconds(10));
        }
        var before = switchboard.testing.Stored.digest(node.database().sql());
        var typed = new LinkedHashMap<>(Map.of("title", "Sweep the yard and the steps", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open", "version", form.group(1), "seen", "0"));
        var refused = admin.post(path, typed);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("value=\"Sweep the yard and the steps\"") && refused.body().contains("was deleted by"),
                "the form comes back with what was typed and says why: " + refused.body());
        assertEquals(before, switchboard.testing.Stored.digest(node.database().sql()));
    }
}
