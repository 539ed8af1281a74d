package switchboard.chat;

/** One message as its author's own page shows it. */
public record ShownMessage(Message message, long me, String csrf) {
}
