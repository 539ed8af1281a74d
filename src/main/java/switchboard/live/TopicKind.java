package switchboard.live;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.Field;

/**
 * What a feature declares about one kind of topic: which arguments are valid, who may
 * subscribe, and the regions its changes redraw.
 *
 * @param argument the form of the argument after ':', or null for a kind that takes none
 * @param readableAll decides for several topics of this kind at once (a chat page follows 30
 *     thread lines: one query, not 30), or null to ask {@code mayRead} for each
 */
public record TopicKind(String name, Pattern argument, BiPredicate<Viewer, Topic> mayRead, List<Region> regions, Readable readableAll) {

    /** The topics among {@code topics} (all of this kind) that {@code viewer} may read. */
    @FunctionalInterface
    public interface Readable {
        Set<Topic> of(Viewer viewer, Set<Topic> topics);

        /**
         * The same decision for a signed-in account, as a column another statement can read: the
         * arguments of the readable topics among those whose arguments {@code args} holds (or
         * null for none). {@code /live} reads it with the session row, so the check costs no
         * query of its own. {@code args} is a parameter, so the column is the same SQL however
         * many topics a page follows (the statement is rendered once, see {@link AccountColumns}).
         * Null when the kind cannot say it in SQL; it must decide exactly as {@link #of} does for
         * that account.
         */
        default Field<String[]> column(Field<Long> account, Field<String[]> args) {
            return null;
        }
    }

    public TopicKind(String name, Pattern argument, BiPredicate<Viewer, Topic> mayRead, List<Region> regions) {
        this(name, argument, mayRead, regions, null);
    }

    /** The same kind, deciding many of its topics at once with {@code readable}. */
    public TopicKind readableAll(Readable readable) {
        return new TopicKind(name, argument, mayRead, regions, readable);
    }

    /**
     * What decides access for this kind: kinds that share one {@code readableAll} (chat's thread
     * and thread-line kinds, both membership of the thread) are decided together, in one call.
     */
    Object rule() {
        return readableAll != null ? readableAll : name;
    }

    /**
     * The topics among {@code topics} the viewer may read, in one decision when the kind offers
     * one; {@code topics} may hold other kinds that share this kind's {@link #rule()}.
     */
    Set<Topic> readable(Viewer viewer, Set<Topic> topics) {
        if (readableAll != null && topics.size() > 1) {
            return readableAll.of(viewer, topics);
        }
        return topics.stream().filter(t -> mayRead.test(viewer, t)).collect(Collectors.toSet());
    }

    public static BiPredicate<Viewer, Topic> everyone() {
        return (viewer, topic) -> true;
    }

    void checkArgument(Topic topic) {
        if (argument == null && topic.arg() != null) {
            throw new IllegalArgumentException("topic '" + topic + "': kind '" + name + "' takes no id");
        }
        if (argument != null && (topic.arg() == null || !argument.matcher(topic.arg()).matches())) {
            throw new IllegalArgumentException("topic '" + topic + "': kind '" + name + "' needs an id matching " + argument.pattern());
        }
        // A kind whose ids are numbers publishes them as the database writes them: thread:01 would match no change.
        boolean numbers = argument != null && argument.matcher("1").matches() && !argument.matcher("a").matches();
        if (numbers && topic.arg().length() > 1 && topic.arg().matches("0\\d+")) {
            throw new IllegalArgumentException("topic '" + topic + "': write the id without leading zeros (" + name + ":" + topic.arg().replaceFirst("^0+(?=\\d)", "") + ")");
        }
    }

    boolean hasAppendRegion() {
        return regions.stream().anyMatch(r -> r.mode() == Region.Mode.APPEND);
    }
}
