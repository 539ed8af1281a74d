package switchboard.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.Database;

/**
 * The node's one LISTEN connection and the one thread that follows change_log. A notification
 * only wakes it; it then reads every change after its cursor, so a lost notification, a dropped
 * connection or a restarted server delays updates but never loses them. While the connection
 * is down it retries with capped exponential backoff and, once back, catches up from the cursor.
 */
public final class ChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    public static final String CHANNEL = "sb_changes";
    public static final String APPLICATION_NAME = "switchboard-listener";
    private static final int BATCH = 1000;
    /** Read the log even without a notification this often: a cheap guard against anything missed. */
    private static final int POLL_MILLIS = 2000;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Render retries of one batch before its failing topics' streams are closed instead (about 3 s). */
    private static final int RENDER_ATTEMPTS = 5;

    private final Database database;
    private final Hub hub;
    private final Thread thread;
    private volatile long cursor;
    private volatile boolean connected;
    private volatile boolean running = true;
    private volatile Connection current;
    private int renderFailures;
    /** The longest the next batch is held back for writers that have not sent the last one yet ({@link Hub#awaitWriters}); 0: never. */
    private final long paceMillis;

    public ChangeListener(Database database, Hub hub, long paceMillis) {
        this.database = database;
        this.hub = hub;
        this.paceMillis = paceMillis;
        this.cursor = hub.cursor();
        this.thread = Thread.ofPlatform().name("change-listener").daemon().unstarted(this::run);
    }

    public ChangeListener start() {
        thread.start();
        return this;
    }

    public boolean isConnected() {
        return connected;
    }

    public long cursor() {
        return cursor;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection connection = database.openDedicated(APPLICATION_NAME)) {
                current = connection;
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                DSLContext sql = DSL.using(connection, SQLDialect.POSTGRES);
                if (!connected) {
                    log.info("Change listener connected; following change_log from seq {}", cursor);
                }
                connected = true;
                backoff = 100;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    catchUp(sql);
                    var woken = pg.getNotifications(POLL_MILLIS);
                    if (woken != null && woken.length > 0) {
                        hub.meters().notifyWakeups.increment();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    break;
                }
                long wait = backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                log.warn("Change listener lost PostgreSQL ({}); reconnecting in {} ms. Pages keep their streams and catch up once it is back.",
                        e.getMessage(), wait);
                sleep(wait);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        connected = false;
    }

    private void catchUp(DSLContext sql) {
        while (true) {
            if (paceMillis > 0) {
                hub.awaitWriters(paceMillis);
            }
            List<Change> batch = ChangeFeed.after(sql, cursor, BATCH);
            if (batch.isEmpty()) {
                return;
            }
            boolean hole = batch.getLast().seq() - batch.getFirst().seq() + 1 != batch.size();
            if (batch.getFirst().seq() != cursor + 1 || hole) {
                // Retention removed changes this node never read (it was away longer than the
                // retention): its pages cannot be patched, so they reconnect and resync. (Retention
                // deletes only from the log's start; a hole inside a batch is checked all the same.)
                log.warn("Change feed jumped from seq {} to {}{}: changes were removed before this node read them; closing all streams so pages resync",
                        cursor, batch.getFirst().seq(), hole ? " with a hole before " + batch.getLast().seq() : "");
                hub.closeAll("feed gap");
            }
            try {
                hub.dispatch(batch, renderFailures + 1 >= RENDER_ATTEMPTS);
                renderFailures = 0;
            } catch (RenderFailedException e) {
                // Nothing of the batch was delivered and the cursor stays: read it again after a
                // pause (the database may be restarting, or the pool short of connections).
                renderFailures++;
                long wait = Math.min(100L << (renderFailures - 1), MAX_BACKOFF_MILLIS);
                log.warn("Could not render changes {}..{} ({}); nobody is moved past them. Retrying in {} ms (attempt {} of {}, then the failing topics' streams are closed and replay).",
                        batch.getFirst().seq(), batch.getLast().seq(), e.getMessage(), wait, renderFailures, RENDER_ATTEMPTS);
                sleep(wait);
                continue;
            }
            cursor = batch.getLast().seq();
            if (batch.size() < BATCH) {
                return;
            }
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
        try {
            // The thread notices within one poll; closing its connection under it first would
            // block on the driver's lock that the waiting thread holds.
            thread.join(POLL_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
