package switchboard.chat;

/** Someone typing in a thread right now. */
public record Typist(long userId, String name) {
}
