package switchboard;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import switchboard.admin.Admin;
import switchboard.auth.Access;
import switchboard.auth.AccountStreams;
import switchboard.auth.Auth;
import switchboard.auth.DatabaseSessionStore;
import switchboard.auth.LoginRoutes;
import switchboard.auth.LoginThrottle;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.db.SingletonJob;
import switchboard.chat.Chat;
import switchboard.games.Games;
import switchboard.live.ChangeFeed;
import switchboard.live.ChangeListener;
import switchboard.live.Hub;
import switchboard.live.LiveRoutes;
import switchboard.live.TopicKind;
import switchboard.live.Topics;
import switchboard.ops.Health;
import switchboard.ops.Metrics;
import switchboard.polls.Hold;
import switchboard.polls.Polls;
import switchboard.web.BodyLimit;
import switchboard.web.Errors;
import switchboard.web.RateLimiter;
import switchboard.web.Routes;
import switchboard.web.SecurityHeaders;
import switchboard.web.Templates;

/** One running node: every object built with {@code new}, in dependency order, and stopped in reverse. */
public final class Switchboard implements AutoCloseable {
    private static final long RETENTION_LOCK = 0x5b_0000L;
    private static final long SESSION_EXPIRY_LOCK = 0x5b_0002L;

    private final Database database;
    private final Auth auth;
    private final Hub hub;
    private final ChangeListener listener;
    private final List<SingletonJob> jobs;
    private final Javalin server;
    private final Routes routes;

    private Switchboard(Database database, Auth auth, Hub hub, ChangeListener listener, List<SingletonJob> jobs, Javalin server, Routes routes) {
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
        var database = Database.open(url, 20);
        var templates = new Templates();
        var feed = new ChangeFeed(database.sql());
        var topics = new Topics();
        var hold = new Hold(database, templates, feed);
        var auth = new Auth(database.sql(), config.publicUrl().startsWith("https:"), LoginThrottle.standard(),
                new RateLimiter(config.apiRate(), 2.0 * config.apiRate(), System::nanoTime));
        topics.register(hold.topicKind());
        topics.register(AccountStreams.topicKind());
        var games = new Games(database, templates, feed);
        var polls = new Polls(database, templates, feed);
        var chat = new Chat(database, templates, feed);
        chat.topicKinds().forEach(topics::register);
        polls.topicKinds().forEach(topics::register);
        games.topicKinds().forEach(topics::register);
        extraKinds.forEach(topics::register);

        var hub = new Hub(topics, feed.head());
        AccountStreams.closeOnRevocation(hub);
        var listener = new ChangeListener(database, hub).start();
        var admin = new Admin(auth, templates, config.publicUrl());
        var live = new LiveRoutes(topics, hub, feed, auth::viewer,
                config.heartbeat().toMillis(), config.outboxBytes());
        var health = new Health(database.sql(), listener::isConnected);

        var jobs = new ArrayList<SingletonJob>();
        jobs.add(hold.cleanupJob().every(Duration.ofSeconds(2)));
        jobs.add(polls.closerJob());
        jobs.add(polls.statsTickJob());
        jobs.add(chat.typingJob());
        jobs.add(games.keyRetentionJob(config.ingestKeyRetention()));
        jobs.add(new SingletonJob("session-expiry", SESSION_EXPIRY_LOCK, database.sql(), DatabaseSessionStore::deleteExpired).every(Duration.ofMinutes(10)));
        jobs.add(new SingletonJob("change-retention", RETENTION_LOCK, database.sql(),
                tx -> ChangeFeed.deleteOlderThan(tx, config.changeRetention(), 10_000)).every(Duration.ofMinutes(1)));

        var routes = new Routes[1];
        var server = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            // Streams are closed before the server stops, so waiting long for them buys nothing.
            cfg.jetty.modifyServer(jetty -> jetty.setStopTimeout(2_000));
            cfg.staticFiles.enableWebjars();
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            Errors.register(cfg);
            SecurityHeaders.register(cfg);
            BodyLimit.register(cfg, config.maxBodyBytes(), Chat.UPLOADS, Chat.MAX_UPLOAD);
            var r = routes[0] = new Routes(cfg, auth);
            r.get("/", Access.PUBLIC, ctx -> templates.page(ctx, "index.jte", ""));
            new LoginRoutes(auth, templates).register(r);
            admin.register(r);
            live.register(r);
            hold.register(r);
            games.register(r, auth);
            polls.register(r, auth);
            chat.register(r, auth);
            health.register(r);
            new Metrics(database, hub).register(r);
        });
        server.start(config.port());
        return new Switchboard(database, auth, hub, listener, jobs, server, routes[0]);
    }

    public int port() {
        return server.port();
    }

    /** Every route with its access, for the access-matrix test. */
    public Routes routes() {
        return routes;
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

    @Override
    public void close() {
        hub.closeAll("node stopping");
        server.stop();
        jobs.forEach(SingletonJob::close);
        listener.close();
        database.close();
    }
}
