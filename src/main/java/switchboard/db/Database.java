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

/**
 * The application's way into PostgreSQL: a pooled DataSource for requests and jobs, a jOOQ
 * context over it, and single unpooled connections for the change listener. Migrates the
 * schema with Flyway when opened.
 */
public final class Database implements AutoCloseable {
    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final DSLContext sql;
    private final java.util.concurrent.atomic.LongAdder queries = new java.util.concurrent.atomic.LongAdder();

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
        var configuration = new org.jooq.impl.DefaultConfiguration().set(pool).set(SQLDialect.POSTGRES)
                .set(org.jooq.ExecuteListener.onExecuteStart(context -> queries.increment()));
        this.sql = DSL.using(configuration);
    }

    /** Statements run through {@link #sql()} since start: what the benchmarks divide by work done. */
    public long queryCount() {
        return queries.sum();
    }

    public static Database open(DatabaseUrl url, int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("switchboard");
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("ApplicationName", "switchboard");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not connect to PostgreSQL at " + url.display() + ": " + rootMessage(e)
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

    /** A connection outside the pool, for a long-lived LISTEN. */
    public Connection openDedicated(String applicationName) throws SQLException {
        var props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }
}
