package switchboard.chat;

import java.util.List;

/** The chat page: the member's list, and the open thread if any (with its page of messages). */
public record ChatPage(long me, Chat.ThreadList list, ThreadInfo open, List<Message> messages, boolean more,
                       List<ThreadMember> members, String draft, String error, String query, List<SearchHit> found, String liveUrl) {
    public boolean owner() {
        return open != null && open.ownerId() == me;
    }

    public long oldest() {
        return messages.isEmpty() ? 0 : messages.getFirst().id();
    }
}
