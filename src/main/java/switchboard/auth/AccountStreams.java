package switchboard.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.live.Change;
import switchboard.live.Hub;
import switchboard.live.Topic;
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

    /** The change kind V23 publishes on {@code account:<id>} when one of its sessions ends; its entity is the session's tag. */
    private static final String SESSION_ENDED = "session.ended";

    /**
     * Closes the streams a session opened when it ends (signed out in any tab, ended by an
     * admin or a password change, expired), on this node; the account's other sessions keep theirs.
     */
    public static void closeOnSessionEnd(Hub hub) {
        hub.watch(changes -> {
            for (Change c : changes) {
                if (SESSION_ENDED.equals(c.kind()) && c.topic().startsWith(ACCOUNT + ":") && c.entityId() != null) {
                    long account = Long.parseLong(c.topic().substring(ACCOUNT.length() + 1));
                    int closed = hub.closeSession(Viewer.user(account).id(), c.entityId(), "session ended");
                    if (closed > 0) {
                        log.info("Closed {} live stream(s) of account {}: the session that opened them ended", closed, account);
                    }
                }
            }
        });
    }

    /** Closes the open streams of an account as soon as its access is revoked, on this node. */
    public static void closeOnRevocation(Hub hub) {
        closeOn(hub, ACCESS_REVOKED, change -> topics -> true, "it was disabled or its role changed");
    }

    /**
     * When {@code kind} is published on {@code account:<id>}, closes that account's open streams
     * on this node whose topics {@code affected} (given the change) says lost their access; the
     * pages reconnect under the new rights. A feature revoking access to its own topics (a member
     * leaving a chat thread) uses this with a kind of its own.
     */
    public static void closeOn(Hub hub, String kind, Function<Change, Predicate<Set<Topic>>> affected, String why) {
        hub.watch(changes -> {
            var seen = new HashSet<List<Object>>();
            for (Change c : changes) {
                if (!kind.equals(c.kind()) || !c.topic().startsWith(ACCOUNT + ":") || c.entityId() == null || !seen.add(List.of(c.topic(), c.entityId()))) {
                    continue;
                }
                long account = Long.parseLong(c.topic().substring(ACCOUNT.length() + 1));
                int closed = hub.closeFor(Viewer.user(account).id(), affected.apply(c), kind);
                if (closed > 0) {
                    log.info("Closed {} live stream(s) of account {}: {}", closed, account, why);
                }
            }
        });
    }

}
