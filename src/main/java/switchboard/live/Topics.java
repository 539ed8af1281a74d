package switchboard.live;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The topic kinds features have registered, and the parsing of topic lists against them. */
public final class Topics {
    static final int MAX_PER_STREAM = 32;

    private final Map<String, TopicKind> kinds = new ConcurrentHashMap<>();

    public void register(TopicKind kind) {
        if (kinds.putIfAbsent(kind.name(), kind) != null) {
            throw new IllegalStateException("topic kind '" + kind.name() + "' is registered twice");
        }
    }

    /** The registered kinds' names, for tests that go over every kind. */
    public Set<String> names() {
        return Set.copyOf(kinds.keySet());
    }

    public TopicKind kindOf(Topic topic) {
        TopicKind kind = kinds.get(topic.kind());
        if (kind == null) {
            throw new IllegalArgumentException("unknown topic kind '" + Topic.abbreviate(topic.kind()) + "' (known: " + String.join(", ", kinds.keySet()) + ")");
        }
        return kind;
    }

    /** Parses {@code a,b,c}; every failure is an {@link IllegalArgumentException} a person can act on. */
    public Set<Topic> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("query parameter 'topics' is required, e.g. /live?topics=presence:main");
        }
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_PER_STREAM) {
            throw new IllegalArgumentException("too many topics (" + parts.length + "); one stream carries at most " + MAX_PER_STREAM);
        }
        Set<Topic> topics = new LinkedHashSet<>();
        for (String part : parts) {
            Topic topic = Topic.parse(part.trim());
            kindOf(topic).checkArgument(topic);
            topics.add(topic);
        }
        return topics;
    }
}
