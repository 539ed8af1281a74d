package switchboard.chat;

import java.time.OffsetDateTime;

/**
 * A thread as one member sees it in their list: title, last activity and message preview,
 * whether they pinned it and how many messages they have not read.
 */
public record ChatThread(long id, String title, long ownerId, OffsetDateTime lastActivity, String preview, String previewAuthor,
                         boolean pinned, int unread) {
}
