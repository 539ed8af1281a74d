package switchboard.polls;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.live.ChangeFeed;
import switchboard.live.Region;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.live.Viewer;
import switchboard.web.Input;
import switchboard.web.Templates;

/**
 * Polls with hold-to-vote, live results, the live poll list and site statistics. Admins make
 * and run polls at {@code /admin/polls}; members vote on {@code /polls/{id}} by holding an
 * option for 3 s (the server times the hold); any signed-in account, kiosks included, watches.
 * Topics: {@code poll:<id>} (region {@code poll-results}), {@code polls} (regions
 * {@code polls-active}, {@code polls-closed}, {@code polls-public}) and {@code stats}
 * (region {@code stats-numbers}).
 */
public final class Polls {
    /** The admin's poll forms, which refuse a control character themselves with the form as typed (PollForm). */
    public static final Pattern FORMS = Pattern.compile("/admin/polls(?:/\\d{1,18})?");
    private static final long CLOSER_LOCK = 0x5b_0010L;
    private static final long STATS_TICK_LOCK = 0x5b_0011L;
    static final List<String> FILTERS = List.of("active", "closed", "public");

    private final Database database;
    private final PollStore store;
    private final HoldStore holds;
    private final Templates templates;
    private final ChangeFeed feed;
    private final String publicUrl;

    public Polls(Database database, Templates templates, ChangeFeed feed, String publicUrl) {
        this.publicUrl = publicUrl;
        this.database = database;
        this.store = new PollStore(database.sql());
        this.holds = new HoldStore(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    private static final String POLL = "poll";
    private static final String POLLS = "polls";
    private static final String STATS = "stats";

    /** One poll's results. */
    static Topic poll(long id) {
        return Topic.of(POLL, id);
    }

    /** The list of polls, one region per filter. */
    static Topic list() {
        return Topic.of(POLLS);
    }

    /** The statistics page's numbers. */
    static Topic stats() {
        return Topic.of(STATS);
    }

    public List<TopicKind> topicKinds() {
        var lists = FILTERS.stream().map(filter -> Region.snapshot("polls-" + filter,
                (topic, changes) -> templates.render("polls/list_items.jte", store.list(filter)))).toList();
        return List.of(
                new TopicKind(POLL, Input.ID, this::mayWatch, List.of(
                        Region.snapshot("poll-results", (topic, changes) ->
                                templates.render("polls/results.jte", store.find(Long.parseLong(topic.arg())).orElse(null)))))
                        .readableAll(watchable),
                new TopicKind(POLLS, null, Polls::mayView, lists),
                new TopicKind(STATS, null, Polls::mayView, List.of(
                        Region.snapshot("stats-numbers", (topic, changes) -> templates.render("polls/stats_numbers.jte", store.stats())))));
    }

    /** The poll page's rule for a signed-in stream, read with its session (no query of its own). */
    private final TopicKind.Readable watchable = new TopicKind.Readable() {
        @Override
        public java.util.Set<Topic> of(Viewer viewer, java.util.Set<Topic> asked) {
            return asked.stream().filter(t -> mayWatch(viewer, t)).collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public org.jooq.Field<String[]> column(org.jooq.Field<Long> account, org.jooq.Field<String[]> ids) {
            return PollStore.watchableColumn(account, ids);
        }
    };

    /** The poll page's rule ({@link Poll#visibleTo}), checked on subscribe and again on replay. */
    private boolean mayWatch(Viewer viewer, Topic topic) {
        return mayView(viewer, topic) && store.status(Long.parseLong(topic.arg())).map(s -> viewer.admin() || !"draft".equals(s)).orElse(false);
    }

    /** The pages' rule (Access.VIEWER): STAFF and AGENT accounts get 403 on the pages, and so on their topics. */
    private static boolean mayView(Viewer viewer, Topic topic) {
        return viewer.hasRole(switchboard.auth.Role.VIEWER_NAMES);
    }

    public void register(Routes routes, Auth auth) {
        new PollRoutes(store, templates, feed, auth, publicUrl).register(routes);
        new PollAdminRoutes(store, templates, auth).register(routes);
        new StatsRoutes(store, holds, templates, feed).register(routes);
    }

    /** Closes polls whose time has come, on one node: every open page sees them close. */
    public SingletonJob closerJob() {
        return new SingletonJob("poll-closer", CLOSER_LOCK, database.sql(), PollStore::closeDue).every(Duration.ofSeconds(1));
    }

    /** Once a minute, on one node: "votes in the last hour" moves on even when nobody votes. */
    public SingletonJob statsTickJob() {
        return new SingletonJob("stats-tick", STATS_TICK_LOCK, database.sql(), tx -> {
            tx.execute("select sb_publish('stats', 'tick', null)");
            PollStore.pruneMinutes(tx);
        }).every(Duration.ofMinutes(1));
    }
}
