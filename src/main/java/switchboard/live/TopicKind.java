package switchboard.live;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * What a feature declares about one kind of topic: which arguments are valid, who may
 * subscribe, and the regions its changes redraw.
 *
 * @param argument the form of the argument after ':', or null for a kind that takes none
 */
public record TopicKind(String name, Pattern argument, BiPredicate<Viewer, Topic> mayRead, List<Region> regions) {

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
    }

    boolean hasAppendRegion() {
        return regions.stream().anyMatch(r -> r.mode() == Region.Mode.APPEND);
    }
}
