package switchboard.testing;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import switchboard.Config;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.live.Region;
import switchboard.live.TopicKind;

/** Starts real Switchboard nodes on free ports, with an extra {@code echo:<n>} topic for feed tests. */
public final class TestNode {
    private TestNode() {
    }

    public static Switchboard start(DatabaseUrl url) {
        return start(url, Map.of());
    }

    public static Switchboard start(DatabaseUrl url, Map<String, String> env) {
        var config = Config.fromEnvironment(env).withPortAndDatabase(0, url.jdbcUrl());
        return Switchboard.start(config, url, List.of(echo()));
    }

    /**
     * {@code echo:<n>}: an append region that renders each change as {@code <li>} with its seq and
     * kind; a change whose kind is {@code big} is padded with {@code entity_id} bytes.
     */
    public static TopicKind echo() {
        return new TopicKind("echo", Pattern.compile("\\d{1,9}"), TopicKind.everyone(), List.of(
                Region.append("echo", change -> true, (topic, changes) -> {
                    var sb = new StringBuilder();
                    for (var change : changes) {
                        sb.append("<li data-seq=\"").append(change.seq()).append("\">").append(change.kind());
                        if (change.kind().equals("big")) {
                            sb.append("x".repeat(change.entityId().intValue()));
                        }
                        sb.append("</li>\n");
                    }
                    return sb.toString();
                })));
    }
}
