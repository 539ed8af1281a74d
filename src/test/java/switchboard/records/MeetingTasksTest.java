package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/**
 * A meeting's tasks follow the meeting (V28): deleting it cancels the open tasks of its action
 * items, restoring it reopens exactly those, a purge (or any removal of action items) cancels
 * them, and a done task stays done.
 */
class MeetingTasksTest extends AdminNodeTest {
    private static long meeting(String title) {
        var answer = admin.post("/records/meetings", Map.of("title", title, "starts_at", "2026-12-05T09:00",
                "organizer_id", "root", "location", "", "attendees", "root", "notes", ""));
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Three action items whose tasks are open, doing and done; their task ids in that order. */
    private static List<Long> tasks(long meeting) {
        var sql = node.database().sql();
        long decision = sql.fetchOne("insert into meeting_decisions (meeting_id, text) values (" + meeting + ", 'Winter help') returning id").get(0, Long.class);
        for (String title : new String[] {"Buy coal", "Call the hall", "Print flyers"}) {
            sql.execute("insert into action_items (decision_id, title) values (" + decision + ", '" + title + "')");
        }
        var ids = sql.fetch("select task_id from action_items where decision_id = " + decision + " order by id").getValues(0, Long.class);
        sql.execute("update tasks set status = 'doing' where id = " + ids.get(1));
        sql.execute("update tasks set status = 'done' where id = " + ids.get(2));
        return ids;
    }

    private static List<String> statuses(List<Long> tasks) {
        return tasks.stream().map(t -> node.database().sql().fetchOne("select status from tasks where id = " + t).get(0, String.class)).toList();
    }

    private static int post(long meeting, String action) {
        String version = String.valueOf(node.database().sql().fetchValue("select version from meetings where id = " + meeting));
        return admin.post("/records/meetings/" + meeting + "/" + action, Map.of("version", version)).statusCode();
    }

    @Test
    void deletingAMeetingCancelsItsOpenTasksRestoringReopensThemAndAPurgeLeavesThemCancelled() {
        long meeting = meeting("Winter plan");
        var tasks = tasks(meeting);
        assertEquals(List.of("open", "doing", "done"), statuses(tasks));

        assertEquals(303, post(meeting, "deletion"));
        assertEquals(List.of("cancelled", "cancelled", "done"), statuses(tasks), "a deleted meeting's open tasks are cancelled; a done task stays done");
        assertEquals(303, post(meeting, "restoration"));
        assertEquals(List.of("open", "doing", "done"), statuses(tasks), "restoring it reopens the tasks its deletion cancelled, as they were");

        // A task someone reopens while the meeting is in the trash is left as they set it.
        assertEquals(303, post(meeting, "deletion"));
        node.database().sql().execute("update tasks set status = 'open' where id = " + tasks.get(1));
        assertEquals(303, post(meeting, "restoration"));
        assertEquals(List.of("open", "open", "done"), statuses(tasks));

        assertEquals(303, post(meeting, "deletion"));
        assertEquals(303, post(meeting, "purge"));
        assertEquals(List.of("cancelled", "cancelled", "done"), statuses(tasks), "a purged meeting's tasks stay cancelled; a done task stays done");
        assertEquals(0, node.database().sql().fetchOne("select count(*) from meeting_cancelled_tasks").get(0, Integer.class));
    }

    @Test
    void removingALiveMeetingInSqlCancelsItsTasksThroughTheCascade() {
        long meeting = meeting("Spring plan");
        var tasks = tasks(meeting);
        node.database().sql().execute("delete from meetings where id = " + meeting);
        assertEquals(List.of("cancelled", "cancelled", "done"), statuses(tasks));
    }
}
