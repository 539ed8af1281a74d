package switchboard.chat;

import java.util.List;

/**
 * The chat page: the member's list, and the open thread if any (with its page of messages).
 * {@code around} is the message a search hit jumped to when it is older than the newest page
 * (the page then starts at it), else 0. {@code newThread}: what the "New thread" form holds
 * (what was typed, when a thread could not be created from it).
 */
public record ChatPage(long me, Chat.ThreadList list, ThreadInfo open, List<Message> messages, boolean more,
                       List<ThreadMember> members, String draft, String error, String query, List<SearchHit> found, String liveUrl, long around,
                       NewThreadForm newThread) {
    public boolean owner() {
        return open != null && open.ownerId() == me;
    }

    public long oldest() {
        return messages.isEmpty() ? 0 : messages.getFirst().id();
    }
}
