package switchboard.chat;

/** A search result: a thread whose title matches, or one of its messages that does. */
public record SearchHit(long threadId, String title, Long messageId, String text) {
}
