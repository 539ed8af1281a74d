package switchboard.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.db.Vacuum;
import switchboard.live.Change;
import switchboard.live.ChangeFeed;
import switchboard.live.Region;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.live.Viewer;
import switchboard.web.IngestTypes;
import switchboard.web.Templates;

/**
 * The live operations dashboard: wagers arrive through the ingest API ({@code wager.*}), their
 * table's trigger keeps per-minute KPI buckets and publishes, and every view is rendered once per
 * push: one view for the whole book ({@code dashboard}, admins and kiosks) and one per agent
 * ({@code dashboard_agent:<agentId>}, admins and that agent's AGENT accounts), never once per
 * connection. Regions: {@code kpis}, {@code alerts}, {@code alert-banner} (snapshots),
 * {@code wagers}, {@code activity} (append).
 */
public final class Dashboard {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final long TICK_LOCK = 0x5b_0040L;
    private static final long LAG_LOCK = 0x5b_0041L;
    private static final long PRUNE_LOCK = 0x5b_0042L;
    private static final long FOLD_LOCK = 0x5b_0043L;
    /** Published every few seconds so "active players" and the sparklines move on, and kiosks see the stream is alive. */
    static final String TICK = "tick";
    static final String ACTIVITY = "activity";
    static final String ALERT = "alert";
    static final String WAGER_KINDS = "wager.";
    /** How many items one push adds to the stream; the rest of a burst is counted ("+37 more"). */
    static final int BATCH = 20;
    /**
     * A burst is said to be "in the last second" only when all of it was committed this recently
     * (a few seconds: a loaded node may deliver late), never of a replay's changes of an hour ago.
     */
    static final Duration RECENT = Duration.ofSeconds(5);

    /**
     * The admin forms' posts ({@code /admin/wagers}, {@code /admin/alerts}, {@code /admin/alerts/currencies},
     * {@code /admin/agents}): they refuse a control character on the field that holds it, by its
     * label and with what was typed kept (FormLabels), so the request edge leaves that check to them.
     */
    public static final java.util.regex.Pattern FORMS = java.util.regex.Pattern.compile("/admin/(?:wagers|alerts(?:/currencies)?|agents)");

    private static final String BOOK = "dashboard";
    private static final String AGENT = "dashboard_agent";

    private final Database database;
    private final DashboardStore store;
    private final KpiStore kpis;
    private final Templates templates;
    private final ChangeFeed feed;

    public Dashboard(Database database, Templates templates, ChangeFeed feed) {
        this.database = database;
        this.store = new DashboardStore(database.sql());
        this.kpis = new KpiStore(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    /** The whole book's view. */
    static Topic book() {
        return Topic.of(BOOK);
    }

    /** One agent's view: only that agent's customers. */
    static Topic agent(String agentId) {
        return Topic.of(AGENT, agentId);
    }

    /** The agent a view's topic is about, or null for the whole book. */
    static String agentOf(Topic topic) {
        return topic.kind().equals(AGENT) ? topic.arg() : null;
    }

    static String scope(String agentId) {
        return agentId == null ? "book" : "agent:" + agentId;
    }

    /** The {@code wager.*} ingest event types, for the ingest endpoint to dispatch to. */
    public IngestTypes ingestTypes() {
        return new WagerRules();
    }

    public List<TopicKind> topicKinds() {
        return List.of(
                new TopicKind(BOOK, null, this::mayReadBook, regions()),
                new TopicKind(AGENT, WagerEvent.AGENT_ID, this::mayReadAgent, regions()));
    }

    private List<Region> regions() {
        return List.of(
                new Region("kpis", Region.Mode.SNAPSHOT, c -> c.kind().startsWith(WAGER_KINDS) || c.kind().equals(TICK),
                        (topic, changes) -> renderKpis(agentOf(topic))),
                new Region("alerts", Region.Mode.SNAPSHOT, c -> c.kind().equals(ALERT),
                        (topic, changes) -> templates.render("dashboard/alerts.jte", store.alerts(agentOf(topic)))),
                new Region("alert-banner", Region.Mode.SNAPSHOT, c -> c.kind().equals(ALERT),
                        (topic, changes) -> templates.render("dashboard/banner.jte", store.alerts(agentOf(topic)))),
                Region.append("wagers", c -> c.kind().startsWith(WAGER_KINDS), (topic, changes) -> renderBatch(agentOf(topic), changes)),
                Region.append("activity", c -> c.kind().equals(ACTIVITY), (topic, changes) -> templates.render("dashboard/activity_items.jte",
                        store.activity(changes.stream().map(Change::entityId).toList(), agentOf(topic)))));
    }

    String renderKpis(String agentId) {
        return templates.render("dashboard/kpis.jte", kpis.kpis(scope(agentId), agentId == null ? "Whole book" : "Agent " + agentId));
    }

    /** A burst's newest items, at most {@link #BATCH}; a wager changed twice in it shows once, as it is now. */
    private String renderBatch(String agentId, List<Change> changes) {
        var ids = new LinkedHashSet<Long>();
        changes.forEach(c -> {
            ids.remove(c.entityId());
            ids.add(c.entityId());
        });
        var newest = List.copyOf(ids).subList(Math.max(0, ids.size() - BATCH), ids.size());
        var since = Instant.now().minus(RECENT);
        boolean recent = changes.stream().allMatch(c -> c.at() != null && c.at().isAfter(since));
        return templates.render("dashboard/wager_batch.jte", new WagerBatch(store.wagers(newest, agentId), ids.size() - newest.size(), recent));
    }

    private boolean mayReadBook(Viewer viewer, Topic topic) {
        return viewer.admin() || viewer.signedIn() && store.isKiosk(viewer.userId());
    }

    private boolean mayReadAgent(Viewer viewer, Topic topic) {
        return viewer.admin() || viewer.signedIn() && store.agentOf(viewer.userId()).map(topic.arg()::equals).orElse(false);
    }

    public void register(Routes routes, Auth auth) {
        new DashboardRoutes(store, templates, feed, auth).register(routes);
        new DashboardAdminRoutes(store, database.sql(), templates, auth).register(routes);
    }

    /** Every few seconds, on one node: time-based KPIs move on, and screens see their stream is alive. */
    public SingletonJob tickJob() {
        return new SingletonJob("dashboard-tick", TICK_LOCK, database.sql(), tx -> {
            tx.execute("select sb_publish('dashboard', 'tick', null)");
            tx.execute("select sb_publish('dashboard_agent:' || id, 'tick', null) from agents");
        }).every(Duration.ofSeconds(10));
    }

    /**
     * Hourly, on one node: "active players" looks at most 14 minutes either side of a new
     * customer minute, and reads its difference array back to a day ago (V19); rows over two days
     * old go. The KPI buckets are read back to the start of yesterday at most (KpiStore: today,
     * the same time yesterday, the last hour), so minute and hour buckets over three days old go
     * too: they only cost disk. Then the tables are vacuumed (autovacuum may be off, as on our CI server).
     */
    public SingletonJob pruneJob() {
        return new SingletonJob("dashboard-prune", PRUNE_LOCK, database.sql(), tx -> {
            tx.execute("delete from customer_minutes where minute < now() - interval '2 days'");
            tx.execute("delete from active_minutes where minute < now() - interval '2 days'");
            tx.execute("delete from active_hours where hour < now() - interval '2 days'");
            tx.execute("delete from wager_minutes where minute < now() - interval '3 days'");
            tx.execute("delete from wager_hours where hour < now() - interval '3 days'");
        }).afterCommit(sql -> vacuum(sql, "customer_minutes, active_minutes, active_hours, wager_minutes, wager_hours")).every(Duration.ofHours(1));
    }

    /**
     * Every few seconds, on one node: folds the KPI buckets' stripes (one per writing session,
     * V17) into one row, the stocks' and the hours' at once and the minutes' once a minute is
     * over, so a tile reads a few rows per minute, hour and currency (V19). Rows an open wager
     * transaction holds wait for the next run. Then checks the liability-jump rule for every
     * currency (V17): a jump made of concurrent wagers, none of which could see the others'
     * deltas, is raised here. After its commit, a fold that moved rows vacuums the tables it
     * churns: every fold deletes stripe rows and every wager updates its stripe's, and with
     * autovacuum off (as on our CI server) or behind, those dead rows would pile up for good
     * under the very rows a tile reads.
     */
    public SingletonJob foldJob() {
        var moved = new AtomicLong();
        return new SingletonJob("dashboard-fold", FOLD_LOCK, database.sql(), tx -> {
            moved.set(tx.fetchOne("select wager_fold(date_trunc('minute', now()) - interval '1 minute', 20000)").get(0, Long.class));
            tx.execute("select liability_jump_check(currency) from (select distinct currency from wager_totals where scope = 'book') c");
        }).afterCommit(sql -> {
            if (moved.get() > 0) {
                vacuum(sql, FOLDED);
            }
        }).every(Duration.ofSeconds(5));
    }

    /** The tables {@link #foldJob} churns. */
    static final String FOLDED = "wager_minutes, wager_hours, wager_totals, active_minutes, active_hours";

    /** {@code sql} must be the pool's (autocommit), never a transaction's: see {@link Vacuum}. */
    private static void vacuum(DSLContext sql, String tables) {
        try {
            sql.connection(connection -> Vacuum.tables(connection, tables));
        } catch (RuntimeException e) {
            log.warn("Could not vacuum {} ({}): the KPI tiles get slower until they are vacuumed. Grant the app's role ownership of them or run VACUUM.",
                    tables, e.getMessage());
        }
    }

    /** Raises a critical alert when this node's listener is behind the change feed by more than the threshold. */
    public SingletonJob feedLagJob(LongSupplier listenerCursor) {
        return new SingletonJob("dashboard-feed-lag", LAG_LOCK, database.sql(), tx -> {
            var lag = new DashboardStore(tx);
            long behindMs = lag.behindMs(listenerCursor.getAsLong());
            if (behindMs > lag.settings().feedLagMs() && !lag.hasOpen("feed-lag")) {
                lag.raise(null, "critical", "feed-lag", "The live feed is " + behindMs + " ms behind: screens show older data.");
            }
        }).every(Duration.ofSeconds(2));
    }

    /** Seeding and simulation for demos and the {@code seed-wagers} command. */
    public DemoBook demo() {
        return new DemoBook(database.sql());
    }
}
