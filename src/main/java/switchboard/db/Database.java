package switchboard.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's way into PostgreSQL: a pooled DataSource for requests and jobs, a jOOQ
 * context over it, and single unpooled connections for the change listener. Migrates the
 * schema with Flyway when opened.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final DSLContext sql;
    private final java.util.concurrent.atomic.LongAdder queries = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.locks.ReentrantLock probeLock = new java.util.concurrent.locks.ReentrantLock();
    private Connection probeConnection;
    private volatile boolean lastProbe;
    private volatile long lastProbeAt = System.nanoTime() - 1_000_000_000L;
    private volatile long lastOutageAt = System.nanoTime() - 60_000_000_000L;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        // jOOQ reads the isolation level at the start of every transaction: answered from the pool's setting, not by a round trip.
        var configuration = new org.jooq.impl.DefaultConfiguration().set(new KnownIsolation(pool, Connection.TRANSACTION_READ_COMMITTED))
                .set(SQLDialect.POSTGRES)
                .set(org.jooq.ExecuteListener.onExecuteStart(context -> queries.increment()),
                        org.jooq.ExecuteListener.onException(context -> evictAfterOutage(context.exception())))
                .set(org.jooq.TransactionListener.onCommitStart(context -> Commits.committing()),
                        org.jooq.TransactionListener.onCommitEnd(context -> Commits.committed()));
        this.sql = DSL.using(configuration);
    }

    /**
     * A connection that failed because the server went away means its siblings in the pool are
     * most likely dead too (a restart, a cut network): HikariCP does not re-check a connection
     * used in the last 500 ms, so without this each of them would fail one more request. A pool
     * that only timed out is busy, not dead: evicting then turned a burst of connects into a
     * reconnect storm that failed most of them (the connect bench at 500 in flight).
     */
    private void evictAfterOutage(RuntimeException failure) {
        if (failure != null && Outages.isDeadConnection(failure)) {
            var bean = pool.getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections();
            }
        }
    }

    /** Statements run through {@link #sql()} since start: what the benchmarks divide by work done. */
    public long queryCount() {
        return queries.sum();
    }

    public static Database open(DatabaseUrl url, int poolSize) {
        return open(url, poolSize, null);
    }

    /** The same, reporting the pool's connections, waits and timeouts to {@code meters} (null: nowhere). */
    public static Database open(DatabaseUrl url, int poolSize, io.micrometer.core.instrument.MeterRegistry meters) {
        var config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        // Opened as requests need them, not all at start: three nodes of 20 would hold 60 of a
        // default server's 100 connections while idle. Those above the minimum close after 10 idle minutes.
        config.setMinimumIdle(Math.min(poolSize, 2));
        config.setPoolName("switchboard");
        if (meters != null) {
            config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(meters));
        }
        // A request that cannot get a connection in 3 s is answered 503 (see Outages) rather than
        // waiting on; idle connections are checked every 30 s so a dead one is found before use.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setKeepaliveTime(30_000);
        // Set on every new connection (and restored by the pool when a borrower changed it): what KnownIsolation answers.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("ApplicationName", "switchboard");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not connect to PostgreSQL at " + url.display() + ": " + Outages.rootMessage(e)
                    + ". Check that the server runs and DATABASE_URL is right.", e);
        }
        migrate(pool);
        return new Database(url, pool);
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DSLContext sql() {
        return sql;
    }

    public DatabaseUrl url() {
        return url;
    }

    /**
     * Whether PostgreSQL answers within about a second, on a connection of its own: a health
     * check must not queue behind requests for the pool. Checks run one at a time; a check asked
     * for while another runs, or within 250 ms of the last, gets the last answer.
     */
    public boolean answers() {
        if (!probeLock.tryLock()) {
            return lastProbe;
        }
        try {
            if (System.nanoTime() - lastProbeAt < 250_000_000L) {
                return lastProbe;
            }
            lastProbe = probe();
            lastProbeAt = System.nanoTime();
            return lastProbe;
        } finally {
            probeLock.unlock();
        }
    }

    /** A request found PostgreSQL away (see {@link #knownDown}). */
    public void outageSeen() {
        lastOutageAt = System.nanoTime();
    }

    /**
     * Whether a request can be refused at once: an outage was seen in the last 5 s and the health
     * probe (its own connection, 1 s at most, shared by all callers every 250 ms) still gets no
     * answer. Otherwise each request would wait the pool's 3 s for a connection first, and behind a
     * balancer that retries a 503 on every node, a page would wait 3 s per node for its 503.
     */
    public boolean knownDown() {
        return System.nanoTime() - lastOutageAt < 5_000_000_000L && !answers();
    }

    /**
     * A kept connection that PostgreSQL has dropped (a restart, a failover, an admin's
     * pg_terminate_backend) is replaced and asked again at once: only a fresh connection that
     * fails says the database is down, and why is logged (a balancer takes the node out on it).
     */
    private boolean probe() {
        boolean fresh = probeConnection == null;
        String why = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (probeConnection == null || probeConnection.isClosed()) {
                    probeConnection = openDedicated("switchboard-health", 1);
                    fresh = true;
                }
                if (probeConnection.isValid(1)) {
                    return true;
                }
                why = "no answer within 1 s";
            } catch (SQLException e) {
                why = e.getMessage();
            }
            closeQuietly(probeConnection);
            probeConnection = null;
            if (fresh) {
                break;
            }
        }
        // Once per outage, not once per balancer check.
        if (lastProbe) {
            log.warn("Health check: PostgreSQL does not answer ({}); /health and /health/ready say 503 until it does. "
                    + "Check that the database is up and accepts connections.", why);
        } else {
            log.debug("Health check: PostgreSQL still does not answer ({})", why);
        }
        return false;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    /** A connection outside the pool, for a long-lived LISTEN. */
    public Connection openDedicated(String applicationName) throws SQLException {
        return openDedicated(applicationName, 5);
    }

    private Connection openDedicated(String applicationName, int connectTimeoutSeconds) throws SQLException {
        var props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds));
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    @Override
    public void close() {
        probeLock.lock();
        try {
            closeQuietly(probeConnection);
            probeConnection = null;
        } finally {
            probeLock.unlock();
        }
        pool.close();
    }
}
