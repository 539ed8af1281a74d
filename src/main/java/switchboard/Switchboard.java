package switchboard;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import switchboard.auth.Auth;
import switchboard.auth.DatabaseSessionStore;
import switchboard.auth.User;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.db.SingletonJob;
import switchboard.live.ChangeFeed;
import switchboard.live.ChangeListener;
import switchboard.live.Hub;
import switchboard.live.LiveRoutes;
import switchboard.live.TopicKind;
import switchboard.live.Topics;
import switchboard.ops.Health;
import switchboard.polls.Hold;
import switchboard.web.Errors;
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

    private Switchboard(Database database, Auth auth, Hub hub, ChangeListener listener, List<SingletonJob> jobs, Javalin server) {
        this.database = database;
        this.auth = auth;
        this.hub = hub;
        this.listener = listener;
        this.jobs = jobs;
        this.server = server;
    }

    /** Starts a node; {@code extraKinds} lets tests and tools add topic kinds of their own. */
    public static Switchboard start(Config config, DatabaseUrl url, List<TopicKind> extraKinds) {
        var database = Database.open(url, 20);
        var templates = new Templates();
        var feed = new ChangeFeed(database.sql());
        var topics = new Topics();
        var hold = new Hold(database, templates, feed);
        topics.register(hold.topicKind());
        extraKinds.forEach(topics::register);

        var hub = new Hub(topics, feed.head());
        var listener = new ChangeListener(database, hub).start();
        var auth = new Auth(database.sql(), templates, config.publicUrl().startsWith("https:"));
        var live = new LiveRoutes(topics, hub, feed, auth::viewer,
                config.heartbeat().toMillis(), config.outboxBytes());
        var health = new Health(database.sql(), listener::isConnected);

        var jobs = new ArrayList<SingletonJob>();
        jobs.add(hold.cleanupJob().every(Duration.ofSeconds(2)));
        jobs.add(new SingletonJob("session-expiry", SESSION_EXPIRY_LOCK, database.sql(), DatabaseSessionStore::deleteExpired).every(Duration.ofMinutes(10)));
        jobs.add(new SingletonJob("change-retention", RETENTION_LOCK, database.sql(),
                tx -> ChangeFeed.deleteOlderThan(tx, config.changeRetention(), 10_000)).every(Duration.ofMinutes(1)));

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
            cfg.routes.get("/", ctx -> templates.page(ctx, "index.jte", auth.user(ctx).map(User::displayName).orElse(null)));
            auth.register(cfg);
            live.register(cfg);
            hold.register(cfg, auth);
            health.register(cfg);
        });
        server.start(config.port());
        return new Switchboard(database, auth, hub, listener, jobs, server);
    }

    public int port() {
        return server.port();
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
