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
        watch(hub, SESSION_ENDED, (viewer, c) -> hub.closeSession(viewer, c.entityId(), SESSION_ENDED), "the session that opened them ended");
    }

    /** Closes the open streams of an account as soon as its access is revoked, on this node. */
    public static void closeOnRevocation(Hub hub) {
        closeOn(hub, ACCESS_REVOKED, change -> topics -> true, "it was disabled or its role changed");
    }

    /**
     * When {@code kind} is published on {@code account:<id>}, closes that account's open streams
     * on this node whose topics {@code affected} (given the change) says lost their access; the
     * pages reconnect under the new rights. A feature revoking access to its own topics (a member
     * leaving a chat thread) uses this with a kind of its own. The page is told the kind and the
     * change's entity ({@code thread.left 42}) in the stream's last event.
     */
    public static void closeOn(Hub hub, String kind, Function<Change, Predicate<Set<Topic>>> affected, String why) {
        watch(hub, kind, (viewer, c) -> hub.closeFor(viewer, affected.apply(c), kind + " " + c.entityId()), why);
    }

    /** For each distinct {@code kind} change on {@code account:<id>}, {@code close} (given the account's viewer id) and a log line of what it closed. */
    private static void watch(Hub hub, String kind, java.util.function.BiFunction<String, Change, Integer> close, String why) {
        hub.watch(changes -> {
            var seen = new HashSet<List<Object>>();
            for (Change c : changes) {
                if (!kind.equals(c.kind()) || !c.topic().startsWith(ACCOUNT + ":") || c.entityId() == null || !seen.add(List.of(c.topic(), c.entityId()))) {
                    continue;
                }
                long account = Long.parseLong(c.topic().substring(ACCOUNT.length() + 1));
                int closed = close.apply(Viewer.user(account).id(), c);
                if (closed > 0) {
                    log.info("Closed {} live stream(s) of account {}: {}", closed, account, why);
                }
            }
        });
    }

}
