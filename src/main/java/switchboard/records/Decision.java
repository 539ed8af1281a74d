package switchboard.records;

import java.util.List;

/** A meeting's decision with its action items (each became a task). */
public record Decision(long id, String text, List<Item> items) {
    /** An action item: what, for whom (name and username), by when, and the task it became. */
    public record Item(long id, String title, String assignee, String username, String due, Long taskId) {
    }
}
