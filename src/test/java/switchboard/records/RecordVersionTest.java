package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.Stored;
import switchboard.testing.Wait;

/**
 * Delete, restore, purge and a workflow step act only on the version the person's page showed
 * (an outside review: a stale trash page purged a task someone had just restored and edited, and
 * a delete racing a save let both succeed).
 */
class RecordVersionTest extends AdminNodeTest {
    private long task(String title) {
        var answer = admin.post("/records/tasks", new LinkedHashMap<>(Map.of("title", title, "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open")));
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String title(long task) {
        return node.database().sql().fetchOne("select title from tasks where id = " + task + " and deleted_at is null").get(0, String.class);
    }

    @Test
    void aFormThatDoesNotSayWhichVersionItShowedIsRefusedWithWhatToDo() {
        long live = task("Count the blankets");
        long trashed = task("Fold the blankets");
        assertEquals(303, admin.post("/records/tasks/" + trashed + "/deletion", Shown.form(admin, "/records/tasks/" + trashed)).statusCode());
        long person = Long.parseLong(node.database().sql().fetchValue("insert into beneficiaries (name, national_id, household_size, status) "
                + "values ('Ali Veli', '10000000146', 1, 'active') returning id").toString());
        long application = Long.parseLong(node.database().sql().fetchValue("insert into applications (beneficiary_id, aid_kind, amount_requested, currency) "
                + "values (" + person + ", 'food', 100, 'TRY') returning id").toString());
        var before = Stored.digest(node.database().sql());
        for (var action : Map.of("/records/tasks/" + live + "/deletion", Map.<String, String>of(),
                "/records/tasks/" + trashed + "/restoration", Map.<String, String>of(),
                "/records/tasks/" + trashed + "/purge", Map.<String, String>of(),
                "/records/applications/" + application + "/status", Map.of("status", "in_review")).entrySet()) {
            var refused = admin.post(action.getKey(), action.getValue());
            assertEquals(400, refused.statusCode(), action.getKey());
            assertTrue(refused.body().contains("Reload the page and try again: the form did not say which version you saw."), refused.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()), "nothing changed");
    }

    @Test
    void aPurgeFromATrashPageThatNoLongerShowsTheTaskKeepsTheEditMadeSince() {
        long id = task("Paint the hall");
        String path = "/records/tasks/" + id;
        assertEquals(303, admin.post(path + "/deletion", Shown.form(admin, path)).statusCode());
        String trashShown = Shown.version(admin, "/records/tasks/trash");
        assertTrue(admin.get("/records/tasks/trash").body().contains("/purge\" class=\"inline\" data-confirm=\"Purge #" + id),
                "the trash offers the purge with the version beside it");
        assertEquals(303, admin.post(path + "/restoration", Shown.form(admin, "/records/tasks/trash")).statusCode(), "someone else restores it");
        node.database().sql().execute("update tasks set title = 'Paint the hall blue' where id = " + id);
        assertEquals(303, admin.post(path + "/deletion", Shown.form(admin, path)).statusCode(), "edits it and deletes it again");
        var before = Stored.digest(node.database().sql());
        var stale = admin.send("POST", path + "/purge", "pac4jCsrfToken=" + admin.csrf() + "&version=" + trashShown,
                "application/x-www-form-urlencoded", Map.of("Accept", "text/html"));
        assertEquals(409, stale.statusCode());
        assertTrue(stale.body().contains("was changed since your page showed it") && stale.body().contains("<main>"), stale.body());
        assertEquals(before, Stored.digest(node.database().sql()), "the edited task is still in the trash");
        assertEquals(303, admin.post(path + "/purge", Shown.form(admin, "/records/tasks/trash")).statusCode(), "from the trash as it is now, it goes");
    }

    @Test
    void aDeleteWhoseVersionWasCheckedBeforeASaveCommittedDeletesNothing() throws Exception {
        long id = task("Sort the shoes");
        String path = "/records/tasks/" + id;
        String shown = Shown.version(admin, path);
        var answer = meanwhile("update tasks set title = 'Sort the shoes by size' where id = " + id,
                () -> admin.post(path + "/deletion", Map.of("version", shown)));
        assertEquals(409, answer.statusCode(), answer.body());
        assertEquals("Sort the shoes by size", title(id), "the task is live, with the edit");
    }

    @Test
    void aPurgeAndAWorkflowStepLoseToASaveCommittedWhileTheyWait() throws Exception {
        long id = task("Wash the cups");
        String path = "/records/tasks/" + id;
        assertEquals(303, admin.post(path + "/deletion", Shown.form(admin, path)).statusCode());
        String trashed = Shown.version(admin, path);
        var purge = meanwhile("update tasks set title = 'Wash and dry the cups' where id = " + id,
                () -> admin.post(path + "/purge", Map.of("version", trashed)));
        assertEquals(409, purge.statusCode(), purge.body());
        assertEquals(1, node.database().sql().fetchCount(switchboard.db.jooq.Tables.TASKS, switchboard.db.jooq.Tables.TASKS.TITLE.eq("Wash and dry the cups")));

        long person = Long.parseLong(node.database().sql().fetchValue("insert into beneficiaries (name, national_id, household_size, status) "
                + "values ('Ayşe Kaya', '10000000214', 1, 'active') returning id").toString());
        long application = Long.parseLong(node.database().sql().fetchValue("insert into applications (beneficiary_id, aid_kind, amount_requested, currency) "
                + "values (" + person + ", 'food', 100, 'TRY') returning id").toString());
        String page = "/records/applications/" + application;
        String seen = Shown.version(admin, page);
        var step = meanwhile("update applications set notes = 'Needs a visit first' where id = " + application,
                () -> admin.post(page + "/status", Map.of("status", "in_review", "version", seen)));
        assertEquals(409, step.statusCode(), step.body());
        assertEquals("submitted", node.database().sql().fetchValue("select status from applications where id = " + application));
    }

    /**
     * Runs {@code action} while {@code edit} holds the row uncommitted on another connection,
     * commits the edit once the action waits on that row, and answers what the action answered:
     * the order a check-then-write race would lose, every time.
     */
    private static HttpResponse<String> meanwhile(String edit, java.util.function.Supplier<HttpResponse<String>> action) throws Exception {
        try (Connection other = node.database().openDedicated("edit-meanwhile")) {
            other.setAutoCommit(false);
            try (var statement = other.createStatement()) {
                statement.executeUpdate(edit);
            }
            var answer = CompletableFuture.supplyAsync(action);
            Wait.until("the action to wait on the edited row", () -> answer.isDone() || waitingOnALock() > 0, Duration.ofSeconds(10));
            other.commit();
            return answer.get();
        }
    }

    private static int waitingOnALock() {
        return node.database().sql().fetchOne("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                .get(0, Integer.class);
    }
}
