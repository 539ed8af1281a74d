package switchboard.records;

/** A workflow notification: a task assigned, an application moved, a meeting changed. */
public record Notification(long id, String text, String link, String at, boolean read) {
}
