package switchboard.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import switchboard.db.DatabaseUrl;
import switchboard.db.EmbeddedDatabase;

/**
 * Gives each test class a clean database of its own on a real PostgreSQL: the server at
 * TEST_DATABASE_URL (default the local one at 127.0.0.1:5432), or, when none answers, an
 * embedded one started once for the whole test run.
 */
public final class TestDatabase {
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static DatabaseUrl admin;

    private TestDatabase() {
    }

    /** A new, empty database; the app migrates it when it opens it. */
    public static synchronized DatabaseUrl fresh() {
        DatabaseUrl server = adminUrl();
        // The creating JVM's pid is in the name: leftovers are only the databases of dead JVMs.
        String name = "sbtest_" + ProcessHandle.current().pid() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(server)) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server.display(), e);
        }
        return new DatabaseUrl(server.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1"), server.user(), server.password());
    }

    public static Connection connect(DatabaseUrl url) throws SQLException {
        var props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /** Publishes one change the way any SQL writer would, in its own transaction. */
    public static void publish(DatabaseUrl url, String topic, String kind, long entityId) {
        publishMany(url, topic, kind, entityId, 1);
    }

    /** Publishes {@code count} changes, each committed on its own. */
    public static void publishMany(DatabaseUrl url, String topic, String kind, long entityId, int count) {
        try (Connection c = connect(url); var st = c.prepareStatement("select sb_publish(?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                st.setString(1, topic);
                st.setString(2, kind);
                st.setLong(3, entityId);
                st.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every change committed so far has its seq: a sequencer (any running node's)
     * moves committed changes from change_pending into change_log a few milliseconds after the
     * commit.
     */
    public static void awaitSequenced(DatabaseUrl url) {
        Wait.until("the sequencer to give every committed change its seq", () -> {
            try (Connection c = connect(url); var rs = c.createStatement().executeQuery("select not exists (select 1 from change_pending)")) {
                rs.next();
                return rs.getBoolean(1);
            } catch (SQLException e) {
                return false;
            }
        }, java.time.Duration.ofSeconds(20));
    }

    /** Every seq committed to {@code topic} after {@code after}, in order: what its pages must have received. */
    public static List<Long> committedSeqs(DatabaseUrl url, String topic, long after) {
        awaitSequenced(url);
        var seqs = new ArrayList<Long>();
        try (Connection c = connect(url); var st = c.prepareStatement("select seq from change_log where topic = ? and seq > ? order by seq")) {
            st.setString(1, topic);
            st.setLong(2, after);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return seqs;
    }

    /** The last seq of every change committed so far (once it is sequenced), as a page rendered now would read it. */
    public static long head(DatabaseUrl url) {
        awaitSequenced(url);
        try (Connection c = connect(url); var rs = c.createStatement().executeQuery("select last_seq from change_counter")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The seq of the last change to {@code topic} once everything committed is sequenced: a
     * test's own change, where {@link #head} could be a change the node's jobs (the dashboard's
     * tick) published just after it.
     */
    public static long lastSeqOf(DatabaseUrl url, String topic) {
        awaitSequenced(url);
        try (Connection c = connect(url); var st = c.prepareStatement("select coalesce(max(seq), 0) from change_log where topic = ?")) {
            st.setString(1, topic);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DatabaseUrl adminUrl() {
        if (admin != null) {
            return admin;
        }
        String configured = System.getenv("TEST_DATABASE_URL");
        DatabaseUrl candidate = DatabaseUrl.parse(configured == null || configured.isBlank() ? DEFAULT_ADMIN_URL : configured);
        try (Connection c = connect(candidate)) {
            dropLeftovers(c);
            admin = candidate;
        } catch (SQLException e) {
            if (configured != null && !configured.isBlank()) {
                throw new IllegalStateException("TEST_DATABASE_URL " + candidate.display() + " does not answer", e);
            }
            System.err.println("No PostgreSQL at " + candidate.display() + " (" + e.getMessage() + "); tests use an embedded one.");
            EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of("target", "test-postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            admin = embedded.url();
        }
        return admin;
    }

    /**
     * Databases left by earlier runs that were killed before they could clean up: those of a JVM
     * that no longer runs (another test run on this server, say from a second checkout, keeps its own).
     */
    private static void dropLeftovers(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        // Only databases named by a pid: an older checkout's tests name theirs otherwise.
        try (var rs = c.createStatement().executeQuery("select datname from pg_database where datname ~ '^sbtest_[0-9]+_[0-9a-f]+$'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (String name : names) {
            String[] parts = name.split("_");
            boolean ownerAlive = parts[1].length() > 10
                    || ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                c.createStatement().execute("drop database if exists " + name + " with (force)");
            }
        }
    }
}
