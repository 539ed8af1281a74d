package switchboard.polls;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.live.ChangeFeed;
import switchboard.live.Region;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.web.Templates;

/**
 * "Hold the button": everyone on {@code /hold} sees how many people are holding it right now.
 * A press starts a hold, the browser sends a heartbeat every 3 s while held, a release ends it,
 * and holds whose browser went quiet for {@link #QUIET} are ended by a job on one node.
 * Live topic: {@code presence:<channel>}, region {@code presence-count}.
 */
public final class Hold {
    public static final String CHANNEL = "main";
    static final Duration QUIET = Duration.ofSeconds(10);
    static final Pattern CHANNEL_FORM = Pattern.compile("[a-z0-9-]{1,40}");
    /** Advisory lock key of the cleanup job; any number unique among our jobs. */
    private static final long CLEANUP_LOCK = 0x5b_0001L;

    private final Database database;
    private final HoldStore store;
    private final Templates templates;
    private final ChangeFeed feed;

    public Hold(Database database, Templates templates, ChangeFeed feed) {
        this.database = database;
        this.store = new HoldStore(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    private static final String PRESENCE = "presence";

    /** How many people hold the button on a channel. */
    static Topic presence(String channel) {
        return Topic.of(PRESENCE, channel);
    }

    public TopicKind topicKind() {
        return new TopicKind(PRESENCE, CHANNEL_FORM, TopicKind.everyone(), List.of(
                Region.snapshot("presence-count", (topic, changes) -> renderCount(topic.arg()))));
    }

    String renderCount(String channel) {
        return templates.render("polls/hold_count.jte", store.activeCount(channel));
    }

    public void register(Routes routes) {
        new HoldRoutes(store, templates, feed).register(routes);
    }

    public SingletonJob cleanupJob() {
        return new SingletonJob("hold-cleanup", CLEANUP_LOCK, database.sql(), tx -> HoldStore.endQuiet(tx, QUIET));
    }
}
