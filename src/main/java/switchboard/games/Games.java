package switchboard.games;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import switchboard.web.IngestTypes;
import switchboard.web.Json;
import switchboard.web.Templates;

/**
 * Poker tables reported by game servers: the ingest API ({@code POST /ingest/v1/events}) and
 * the live pages {@code /tables} and {@code /tables/{id}}, for any signed-in account.
 * Topics: {@code tables} (region {@code tables-list}) and {@code table:<id>} (regions
 * {@code table-state}, {@code table-log} (append), {@code table-history}).
 */
public final class Games {
    private static final long KEY_RETENTION_LOCK = 0x5b_0030L;
    /** A table's id, in the API, the URL and its topic. */
    static final Pattern TABLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** An Idempotency-Key or an eventId: 1 to 200 printable ASCII characters without spaces. */
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final Database database;
    private final Ingest ingest;
    private final IngestGroups groups;
    private final TableViews views;
    private final Templates templates;
    private final ChangeFeed feed;
    private final ObjectMapper json = Json.MAPPER;

    /**
     * With the ingest event types other features apply ({@code wager.*}), dispatched by prefix, and
     * at most {@code committers} ingest transactions at a time ({@link IngestGroups}).
     */
    public Games(Database database, Templates templates, ChangeFeed feed, List<IngestTypes> otherTypes, int committers, io.micrometer.core.instrument.MeterRegistry meters) {
        this.database = database;
        this.ingest = new Ingest(database.sql(), json, otherTypes);
        this.groups = new IngestGroups(ingest, committers, meters);
        this.views = new TableViews(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    private static final String TABLES = "tables";
    private static final String TABLE = "table";
    /** The change kind V5__poker_tables.sql publishes when a hand ends (its history region redraws). */
    static final String HAND_ENDED = "hand.ended";

    /** The list of open tables. */
    static Topic tables() {
        return Topic.of(TABLES);
    }

    /** One table: its state, action log and history. */
    static Topic table(String id) {
        return Topic.of(TABLE, id);
    }

    public List<TopicKind> topicKinds() {
        return List.of(
                new TopicKind(TABLES, null, Games::mayView, List.of(
                        Region.snapshot("tables-list", (topic, changes) -> templates.render("games/tables_list.jte", views.openTables())))),
                new TopicKind(TABLE, TABLE_ID, Games::mayView, List.of(
                        Region.snapshot("table-state", (topic, changes) -> templates.render("games/table_state.jte", views.table(topic.arg()).orElse(null))),
                        Region.append("table-log", change -> true, (topic, changes) ->
                                templates.render("games/table_log.jte", views.lines(changes.stream().map(c -> c.entityId()).toList()))),
                        new Region("table-history", Region.Mode.SNAPSHOT, change -> change.kind().equals(HAND_ENDED),
                                (topic, changes) -> templates.render("games/table_history.jte", views.history(topic.arg()))))));
    }

    /** The table pages' rule (Access.VIEWER): STAFF and AGENT accounts get 403 on the pages, and so on their topics. */
    private static boolean mayView(Viewer viewer, Topic topic) {
        return viewer.hasRole(switchboard.auth.Role.VIEWER_NAMES);
    }

    /** Forgets idempotency keys older than {@code retention}, hourly, on one node. */
    public SingletonJob keyRetentionJob(java.time.Duration retention) {
        return new SingletonJob("ingest-key-retention", KEY_RETENTION_LOCK, database.sql(), tx -> Ingest.forgetKeysOlderThan(tx, retention))
                .every(java.time.Duration.ofHours(1));
    }

    public void register(Routes routes, Auth auth) {
        new IngestRoutes(ingest, groups, auth).register(routes);
        new TableRoutes(views, templates, feed).register(routes);
        // Where the API's problem types point (/docs/ingest#rule-violation): docs/ingest.md, for anyone.
        var doc = switchboard.web.MarkdownDoc.load("ingest");
        routes.get("/docs/ingest", switchboard.auth.Access.PUBLIC, ctx -> templates.page(ctx, "docs/doc.jte", doc));
    }
}
