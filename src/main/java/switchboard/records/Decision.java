package switchboard.records;

import java.util.List;

/** A meeting's decision with its action items (each became a task). */
public record Decision(long id, String text, List<Item> items) {
    /** An action item: what, for whom, by when, and the task it became. */
    public record Item(String title, String assignee, String due, Long taskId) {
    }
}
