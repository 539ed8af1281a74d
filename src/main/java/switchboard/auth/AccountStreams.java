package switchboard.auth;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.live.Change;
import switchboard.live.Hub;
import switchboard.live.TopicKind;
import switchboard.live.Viewer;
import switchboard.web.Input;

/**
 * Revoked access reaches open streams: the users table publishes {@code account:<id>} when an
 * account is disabled or its role changes, and every node's hub closes that account's streams;
 * the pages reconnect under the new rights. (Leaving a chat thread closes only the streams that
 * follow it: chat.Chat#closeStreamsOnLeaving.)
 */
public final class AccountStreams {
    private static final String ACCOUNT = "account";
    /** The change kind V3/V4/V8 publish on {@code account:<id>} when an account loses access. */
    private static final String ACCESS_REVOKED = "access.revoked";
    private static final Logger log = LoggerFactory.getLogger(AccountStreams.class);

    private AccountStreams() {
    }

    /**
     * Topic {@code account:<id>}: changes when the account is disabled or its role changes. Only
     * the account itself may read it; every node's hub closes that account's open streams.
     */
    public static TopicKind topicKind() {
        return new TopicKind(ACCOUNT, Input.ID, (viewer, topic) -> viewer.userId() == Long.parseLong(topic.arg()), List.of());
    }

    /** Closes the open streams of an account as soon as its access is revoked, on this node. */
    public static void closeOnRevocation(Hub hub) {
        hub.watch(changes -> changes.stream()
                .filter(c -> ACCESS_REVOKED.equals(c.kind()) && c.topic().startsWith(ACCOUNT + ":") && c.entityId() != null)
                .map(Change::entityId)
                .distinct()
                .forEach(id -> {
                    int closed = hub.closeFor(Viewer.user(id).id(), "access revoked");
                    if (closed > 0) {
                        log.info("Closed {} live stream(s) of account {}: it was disabled or its role changed", closed, id);
                    }
                }));
    }

}
