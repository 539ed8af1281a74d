package switchboard.chat;

public record ThreadMember(long userId, String username, String name) {
}
