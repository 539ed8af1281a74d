package switchboard.chat;

public record ThreadInfo(long id, String title, long ownerId) {
}
