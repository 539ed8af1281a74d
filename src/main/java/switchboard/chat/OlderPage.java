package switchboard.chat;

import java.util.List;

/** Older messages and the marker that loads the page before them. */
public record OlderPage(long threadId, List<Message> messages, boolean more, long me, String csrf) {
}
