package switchboard.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * VACUUM for the tables our own code keeps clean: queues and constantly rewritten rows, which
 * autovacuum may not reach (it is off on this project's CI server) or may reach too late. Never
 * truncating: cutting a table's empty tail needs an exclusive lock, which VACUUM waits up to 5 s
 * for while writers insert, stalling whoever called it (the sequencer did, for those 5 s), and
 * these tables fill up again within seconds anyway. VACUUM cannot run inside a transaction: the
 * connection must be in autocommit.
 */
public final class Vacuum {
    private Vacuum() {
    }

    /** Vacuums {@code tables} (a comma-separated list of our own table names) on {@code connection}. */
    public static void tables(Connection connection, String tables) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute("vacuum (truncate false) " + tables);
        }
    }
}
