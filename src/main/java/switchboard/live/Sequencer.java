package switchboard.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.Database;
import switchboard.db.Vacuum;

/**
 * Gives committed changes their seq (DESIGN.md rule 2). Every node runs one; the one holding
 * the sequencer's advisory lock (a session lock on its own connection) is the cluster's
 * sequencer and calls {@code sb_sequence()} in a loop, which moves committed rows from
 * change_pending into change_log in one serialised transaction and sends one NOTIFY per batch.
 * The others try to take the lock every half second, so when the sequencer's node or its
 * connection dies another node takes over within a second.
 *
 * <p>A sequencer that is alive to PostgreSQL but not working (its node paused or stuck in a long
 * GC, its thread wedged, or the node cut off by a partition PostgreSQL has not noticed: its
 * session keeps the lock for as long as TCP keepalive takes, hours by default) would stall
 * every page of the cluster. So each waiting node also rescues: when a change has waited in
 * change_pending over {@value #RESCUE_AFTER_MILLIS} ms it calls {@code sb_sequence} itself, which
 * is safe from any node (calls are serialised by the counter's row lock, as for
 * {@link ChangeFeed#readAtHead}), and warns that the sequencer is not working.
 *
 * <p>It learns of new commits by an adaptive short poll: right away again after a large batch,
 * after 1 ms after a small one, then waiting 1, 2, 4 and at most {@value #IDLE_MAX_MILLIS} ms
 * while there is none.
 * An idle poll is one index probe that finds change_pending empty: no lock, no write, no
 * WAL. Writers therefore commit with no cluster-wide lock and no NOTIFY, and pay one small
 * insert per change.
 *
 * <p>change_pending is a queue: every row is inserted once and deleted once, so it is all dead
 * tuples unless something vacuums it, and both the idle probe and the batch scan walk them. With
 * autovacuum off (as on this project's CI server) or behind, 400,000 moved changes made an empty
 * {@code sb_sequence} take 18 ms instead of 0.1. The sequencer therefore vacuums the table itself,
 * on its own connection, after every {@value #VACUUM_AFTER_ROWS} rows it moved (at most every
 * {@value #VACUUM_EVERY_MILLIS} ms): a vacuum of a table with a few live rows takes milliseconds.
 * It never truncates the table (see {@link Vacuum}).
 */
public final class Sequencer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
    public static final String APPLICATION_NAME = "switchboard-sequencer";
    /** The advisory lock that makes one node the sequencer. */
    public static final long LOCK = 6008000002L;
    /** Transactions moved per batch: bounds one sequencing transaction after a backlog. */
    static final int BATCH_TRANSACTIONS = 2_000;
    static final int IDLE_MAX_MILLIS = 8;
    private static final int SMALL_BATCH = 64;
    private static final long TAKEOVER_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /** A change older than this in change_pending means the sequencer is not working: a waiting node moves it. */
    static final long RESCUE_AFTER_MILLIS = 1_000;
    /** A rescue waits this long for the counter's row lock: the stuck sequencer may hold it. */
    private static final String RESCUE_LOCK_TIMEOUT = "300ms";
    private static final long RESCUE_WARN_EVERY_MILLIS = 60_000;
    static final int VACUUM_AFTER_ROWS = 5_000;
    static final long VACUUM_EVERY_MILLIS = 1_000;

    private final Database database;
    private final Thread thread;
    private final AtomicLong moved = new AtomicLong();
    private final AtomicLong rescued = new AtomicLong();
    private long warnedAt;
    private volatile boolean running = true;
    private volatile boolean leading;
    private volatile Connection current;

    public Sequencer(Database database) {
        this.database = database;
        this.thread = Thread.ofPlatform().name("sequencer").daemon().unstarted(this::run);
    }

    public Sequencer start() {
        thread.start();
        return this;
    }

    /** Whether this node is the cluster's sequencer now. */
    public boolean leading() {
        return leading;
    }

    /** Changes this node has sequenced since it started, as the sequencer or rescuing. */
    public long moved() {
        return moved.get();
    }

    /** Changes this node moved for a sequencer that had stopped working (see the class comment). */
    public long rescued() {
        return rescued.get();
    }

    /** {@code switchboard.live.sequencer.leading} (1 on the cluster's sequencer) and the changes moved and rescued. */
    public Sequencer meter(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("switchboard.live.sequencer.leading", this, s -> s.leading ? 1 : 0)
                .description("1 on the node that is the cluster's sequencer, 0 elsewhere").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("switchboard.live.sequencer.moved", this, Sequencer::moved)
                .description("changes this node gave their seq").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("switchboard.live.sequencer.rescued", this, Sequencer::rescued)
                .description("changes this node moved because the sequencer left them waiting over a second (it is not working)").register(registry);
        return this;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection connection = database.openDedicated(APPLICATION_NAME)) {
                current = connection;
                backoff = 100;
                follow(connection);
            } catch (SQLException | RuntimeException e) {
                boolean was = leading;
                leading = false;
                if (!running) {
                    break;
                }
                long wait = backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                if (was) {
                    log.warn("Sequencer lost PostgreSQL ({}); another node takes over, or this one again in {} ms. Writes go on; pages get them once a sequencer runs.",
                            e.getMessage(), wait);
                } else {
                    log.debug("Sequencer candidate could not reach PostgreSQL ({}); retrying in {} ms", e.getMessage(), wait);
                }
                sleep(wait);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        leading = false;
    }

    private void follow(Connection connection) throws SQLException {
        try (var lock = connection.prepareStatement("select pg_try_advisory_lock(?)");
             var sequence = connection.prepareStatement("select sb_sequence(?)");
             var rescue = connection.prepareStatement("select sb_sequence(?) where exists (select 1 from change_pending "
                     + "where at < clock_timestamp() - make_interval(secs => ?))")) {
            lock.setLong(1, LOCK);
            sequence.setInt(1, BATCH_TRANSACTIONS);
            rescue.setInt(1, BATCH_TRANSACTIONS);
            rescue.setDouble(2, RESCUE_AFTER_MILLIS / 1000.0);
            setLockTimeout(connection, RESCUE_LOCK_TIMEOUT);
            while (running && !leading) {
                try (var rs = lock.executeQuery()) {
                    rs.next();
                    leading = rs.getBoolean(1);
                }
                if (!leading) {
                    rescue(rescue);
                    sleep(TAKEOVER_MILLIS);
                }
            }
            setLockTimeout(connection, "0");
            if (leading) {
                log.info("This node is now the cluster's sequencer (it gives committed changes their seq)");
            }
            long idle = 0;
            long sinceVacuum = 0;
            long vacuumedAt = System.nanoTime();
            while (running) {
                long n;
                try (var rs = sequence.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
                moved.addAndGet(n);
                sinceVacuum += n;
                if (sinceVacuum >= VACUUM_AFTER_ROWS && System.nanoTime() - vacuumedAt >= VACUUM_EVERY_MILLIS * 1_000_000) {
                    vacuum(connection);
                    sinceVacuum = 0;
                    vacuumedAt = System.nanoTime();
                }
                if (n >= SMALL_BATCH) {
                    idle = 0;
                    continue;
                }
                if (n > 0) {
                    // A few changes at a time: wait a millisecond so the next batch is larger
                    // (one commit and one NOTIFY for many changes) at 1 ms of latency.
                    idle = 0;
                    sleep(1);
                    continue;
                }
                idle = idle == 0 ? 1 : Math.min(idle * 2, IDLE_MAX_MILLIS);
                sleep(idle);
            }
        }
    }

    /** Moves what the sequencer has left waiting too long, if anything (see the class comment). */
    private void rescue(java.sql.PreparedStatement rescue) throws SQLException {
        long n = 0;
        try (var rs = rescue.executeQuery()) {
            if (rs.next()) {
                n = rs.getLong(1);
            }
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            // lock_not_available: the stuck sequencer holds the counter mid-batch; try again next round.
            log.debug("Sequencer rescue waited {} for the change counter; retrying", RESCUE_LOCK_TIMEOUT);
            return;
        }
        if (n > 0) {
            moved.addAndGet(n);
            rescued.addAndGet(n);
            long now = System.currentTimeMillis();
            if (now - warnedAt >= RESCUE_WARN_EVERY_MILLIS) {
                warnedAt = now;
                log.warn("The cluster's sequencer (another node) left changes waiting over {} ms; this node gave {} of them their seq and keeps doing so. "
                        + "That node holds the sequencer's lock but is not working (paused, overloaded or cut off from PostgreSQL): restart it if this goes on. "
                        + "(Warned at most once a minute; metric switchboard_live_sequencer_rescued_total.)", RESCUE_AFTER_MILLIS, n);
            }
        }
    }

    private static void setLockTimeout(Connection connection, String timeout) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("set lock_timeout = '" + timeout + "'");
        }
    }

    /** Vacuums change_pending (see the class comment); a failure is logged and sequencing goes on. */
    private static void vacuum(Connection connection) throws SQLException {
        try {
            Vacuum.tables(connection, "change_pending");
        } catch (SQLException e) {
            if (connection.isClosed() || !connection.isValid(1)) {
                throw e;
            }
            log.warn("Could not vacuum change_pending ({}): sequencing goes on, but each batch gets slower until it is vacuumed. Grant the app's role ownership of the table or run VACUUM on it.", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        boolean was = leading;
        try {
            thread.join(TAKEOVER_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (was) {
            log.info("This node stopped being the cluster's sequencer; another node takes over within {} ms", TAKEOVER_MILLIS);
        }
        Connection connection = current;
        if (thread.isAlive() && connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
