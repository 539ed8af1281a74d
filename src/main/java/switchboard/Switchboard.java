package switchboard;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import switchboard.admin.Admin;
import switchboard.auth.Access;
import switchboard.auth.AccountStreams;
import switchboard.auth.Auth;
import switchboard.auth.AuthSettings;
import switchboard.auth.LoginThrottle;
import switchboard.auth.RateLimiter;
import switchboard.auth.Routes;
import switchboard.chat.Chat;
import switchboard.dashboard.Dashboard;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.db.SingletonJob;
import switchboard.games.Games;
import switchboard.live.ChangeFeed;
import switchboard.live.ChangeListener;
import switchboard.live.Hub;
import switchboard.live.LiveMeters;
import switchboard.live.LiveEndpoint;
import switchboard.live.Sequencer;
import switchboard.live.TopicKind;
import switchboard.live.Topics;
import switchboard.ops.Health;
import switchboard.ops.Metrics;
import switchboard.ops.Ops;
import switchboard.ops.Telemetry;
import switchboard.polls.Hold;
import switchboard.polls.Polls;
import switchboard.records.Records;
import switchboard.web.AcceptedConnections;
import switchboard.web.BodyLimit;
import switchboard.web.ClientAddress;
import switchboard.web.ErrorPages;
import switchboard.web.Errors;
import switchboard.web.RequestEdge;
import switchboard.web.SafeRedirect;
import switchboard.web.SecurityHeaders;
import switchboard.web.Templates;
import switchboard.web.Visitor;

/** One running node: every object built with {@code new}, in dependency order, and stopped in reverse. */
public final class Switchboard implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Switchboard.class);
    private static final long RETENTION_LOCK = 0x5b_0000L;
    private static final long SESSION_EXPIRY_LOCK = 0x5b_0002L;
    private static final long LOGIN_FAILURES_LOCK = 0x5b_1601L;

    private final Database database;
    private final Auth auth;
    private final Hub hub;
    private final ChangeListener listener;
    private final List<SingletonJob> jobs;
    private final Javalin server;
    private final Routes routes;
    private final Topics topics;
    private final LiveEndpoint live;
    private final java.util.concurrent.atomic.AtomicInteger inFlight;
    private final Sequencer sequencer;
    private final AcceptedConnections accepted;
    private final Dashboard dashboard;
    /** What the node still prepares before it is ready, or null (see {@link #start(Config, DatabaseUrl, List, String)}). */
    private final java.util.concurrent.atomic.AtomicReference<String> starting;

    private Switchboard(Database database, Auth auth, Hub hub, ChangeListener listener, List<SingletonJob> jobs, Javalin server, Routes routes, Topics topics,
            LiveEndpoint live, java.util.concurrent.atomic.AtomicInteger inFlight, Sequencer sequencer, AcceptedConnections accepted, Dashboard dashboard,
            java.util.concurrent.atomic.AtomicReference<String> starting) {
        this.starting = starting;
        this.dashboard = dashboard;
        this.live = live;
        this.sequencer = sequencer;
        this.accepted = accepted;
        this.inFlight = inFlight;
        this.topics = topics;
        this.database = database;
        this.auth = auth;
        this.hub = hub;
        this.listener = listener;
        this.jobs = jobs;
        this.server = server;
        this.routes = routes;
    }

    /** Starts a node; {@code extraKinds} lets tests and tools add topic kinds of their own. */
    public static Switchboard start(Config config, DatabaseUrl url, List<TopicKind> extraKinds) {
        return start(config, url, database -> extraKinds, null);
    }

    /**
     * A node that serves at once but is not ready ({@code /health/ready} 503, status "starting",
     * naming {@code preparing}) until {@link #ready()}: the embedded start loads its demo data
     * after the node is up, and a balancer or a script waiting for readiness must not send
     * people to a node whose demo accounts do not exist yet.
     */
    public static Switchboard start(Config config, DatabaseUrl url, List<TopicKind> extraKinds, String preparing) {
        return start(config, url, database -> extraKinds, preparing);
    }

    /** The same, for extra topic kinds whose regions read the node's own database (as every feature's do). */
    public static Switchboard start(Config config, DatabaseUrl url, java.util.function.Function<Database, List<TopicKind>> extraKinds) {
        return start(config, url, extraKinds, null);
    }

    private static Switchboard start(Config config, DatabaseUrl url, java.util.function.Function<Database, List<TopicKind>> extraKinds, String preparing) {
        var starting = new java.util.concurrent.atomic.AtomicReference<>(preparing);
        var telemetry = new Telemetry(config.metricsToken());
        var database = Database.open(url, config.databasePool(), telemetry.registry());
        var templates = new Templates();
        var feed = new ChangeFeed(database.sql());
        var topics = new Topics();
        var hold = new Hold(database, templates, feed);
        var throttle = LoginThrottle.standard(database.sql());
        var records = new Records(database, templates, feed, new switchboard.auth.Users(database.sql()));
        var auth = new Auth(database.sql(), new AuthSettings(config.publicUrl().startsWith("https:"), config.sessionIdle(),
                new SafeRedirect(config.publicUrl()), ClientAddress.trusting(config.trustedProxies())), throttle,
                new RateLimiter(database.sql(), config.apiRate(), 2.0 * config.apiRate()), records::bell);
        topics.register(hold.topicKind());
        topics.register(AccountStreams.topicKind());
        var dashboard = new Dashboard(database, templates, feed);
        var games = new Games(database, templates, feed, List.of(dashboard.ingestTypes()), config.ingestCommitters(), telemetry.registry());
        var polls = new Polls(database, templates, feed, config.publicUrl());
        var chat = new Chat(database, templates, feed);
        chat.topicKinds().forEach(topics::register);
        polls.topicKinds().forEach(topics::register);
        games.topicKinds().forEach(topics::register);
        dashboard.topicKinds().forEach(topics::register);
        records.topicKinds().forEach(topics::register);
        extraKinds.apply(database).forEach(topics::register);

        var ops = new Ops(database, templates, feed);
        topics.register(ops.topicKind());
        var meters = new LiveMeters(telemetry.registry());
        var hub = new Hub(topics, feed.head(), meters);
        telemetry.watchStreams(hub, topics.names());
        AccountStreams.closeOnRevocation(hub);
        AccountStreams.closeOnSessionEnd(hub);
        chat.closeStreamsOnLeaving(hub);
        var listener = new ChangeListener(database, hub, config.livePace().toMillis()).start();
        var sequencer = new Sequencer(database).meter(telemetry.registry()).start();
        var admin = new Admin(auth, templates, config.publicUrl());
        var live = new LiveEndpoint(topics, hub, feed, auth::viewer, auth::sessionTag, auth::clientAddress, config.heartbeat().toMillis(),
                config.outboxBytes(), config.liveStreamsPerAccount(), config.liveStreamsPerAddress());
        var health = new Health(database::answers, listener::isConnected, live::draining, starting::get);
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();

        var jobs = new ArrayList<SingletonJob>();
        jobs.add(hold.cleanupJob().every(Duration.ofSeconds(2)));
        jobs.add(polls.closerJob());
        jobs.add(polls.statsTickJob());
        jobs.add(chat.typingJob());
        jobs.add(records.presenceJob());
        jobs.add(games.keyRetentionJob(config.ingestKeyRetention()));
        jobs.add(dashboard.tickJob());
        jobs.add(dashboard.pruneJob());
        jobs.add(dashboard.foldJob());
        jobs.add(dashboard.feedLagJob(listener::cursor));
        jobs.add(new SingletonJob("session-expiry", SESSION_EXPIRY_LOCK, database.sql(), Auth::deleteExpiredSessions).every(Duration.ofMinutes(10)));
        jobs.add(new SingletonJob("login-failures", LOGIN_FAILURES_LOCK, database.sql(), throttle::forgetOld).every(Duration.ofMinutes(1)));
        jobs.add(new SingletonJob("change-retention", RETENTION_LOCK, database.sql(),
                tx -> ChangeFeed.deleteOlderThan(tx, config.changeRetention(), 10_000)).every(Duration.ofMinutes(1)));

        var routes = new Routes[1];
        var accepted = new AcceptedConnections();
        var server = Javalin.create(cfg -> {
            ServerSetup.configure(cfg, telemetry, accepted);
            ServerSetup.countRequests(cfg, telemetry, inFlight);
            Errors.register(cfg, database::knownDown, database::outageSeen);
            ErrorPages.register(cfg, templates, auth::chrome);
            SecurityHeaders.register(cfg);
            BodyLimit.register(cfg, config.maxBodyBytes(), Chat.UPLOADS, Chat.MAX_UPLOAD);
            // After the body limit: the edge reads form bodies, which must be within it.
            RequestEdge.register(cfg, Records.FORMS, Dashboard.FORMS, Chat.FORMS, Polls.FORMS);
            Visitor.register(cfg, config.publicUrl().startsWith("https:"));
            var r = routes[0] = new Routes(cfg, auth);
            r.get("/", Access.PUBLIC, ctx -> templates.page(ctx, "index.jte", ""));
            auth.registerPages(r, templates);
            admin.register(r);
            // Admitted (a bounded number at a time) before the guard reads the session, which
            // reads the stream's topic rights in the same statement.
            r.stream("/live", live::open, guarded -> live.admitted(ctx -> {
                auth.readWithAccount(ctx, live.accountColumns(ctx));
                guarded.handle(ctx);
            }));
            hold.register(r);
            games.register(r, auth);
            polls.register(r, auth);
            chat.register(r, auth);
            dashboard.register(r, auth);
            records.register(r, auth);
            health.register(r);
            new Metrics(database, hub).register(r);
            ops.register(r);
            telemetry.register(r, ctx -> auth.user(ctx).map(u -> u.role() == switchboard.auth.Role.ADMIN).orElse(false));
        });
        server.start(config.port());
        jobs.add(ops.reporterJob(server.port(), hub, meters, telemetry.registry()));
        return new Switchboard(database, auth, hub, listener, jobs, server, routes[0], topics, live, inFlight, sequencer, accepted, dashboard, starting);
    }

    public int port() {
        return server.port();
    }

    /** Every route with its access, for the access-matrix test. */
    public Routes routes() {
        return routes;
    }

    /** Every registered topic kind, for the topic-access test. */
    public Topics topics() {
        return topics;
    }

    /** The operations dashboard, for its demo data and commands. */
    public Dashboard dashboard() {
        return dashboard;
    }

    public Hub hub() {
        return hub;
    }

    public Auth auth() {
        return auth;
    }

    public Database database() {
        return database;
    }

    public ChangeListener listener() {
        return listener;
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    /**
     * SIGTERM: the node reports not ready ({@code /health/ready} 503; {@code /health/live} stays
     * 200), refuses new streams with 503, tells its open streams to reconnect after a short random
     * delay (they replay on the other nodes), waits for requests in flight up to {@code grace}
     * and, even with none, for {@code notice} (so a balancer's active health check sees the node
     * leave instead of finding it gone), and stops.
     */
    public void drain(java.time.Duration grace, java.time.Duration notice) {
        long start = System.nanoTime();
        log.info("Draining: not ready, open streams told to reconnect elsewhere, {} requests in flight (waiting up to {} s for them)",
                inFlight.get(), grace.toSeconds());
        beginDrain();
        long deadline = start + grace.toNanos();
        long noticeEnd = start + Math.min(notice.toNanos(), grace.toNanos());
        while ((inFlight.get() > 0 || System.nanoTime() < noticeEnd) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("Drained after {} ms ({} requests still in flight); stopping", (System.nanoTime() - start) / 1_000_000, inFlight.get());
        close();
        log.info("Stopped {} ms after the drain began", (System.nanoTime() - start) / 1_000_000);
    }

    /** The node has prepared what it was started to prepare: {@code /health/ready} answers as usual. */
    public void ready() {
        String was = starting.getAndSet(null);
        if (was != null) {
            log.info("Ready: done {}", was);
        }
    }

    /** The first step of {@link #drain}: not ready, no new streams, open streams sent elsewhere. */
    public void beginDrain() {
        live.drain();
    }

    @Override
    public void close() {
        hub.stopAccepting("node stopping");
        try {
            server.stop();
        } catch (RuntimeException e) {
            // A connection still open after the stop timeout must not keep the rest (jobs, the
            // listener, the pool) from closing.
            log.warn("The web server did not stop cleanly within its timeout ({}); closing the rest anyway", e.getMessage());
        }
        accepted.closeRemaining();
        jobs.forEach(SingletonJob::close);
        sequencer.close();
        listener.close();
        database.close();
    }
}
