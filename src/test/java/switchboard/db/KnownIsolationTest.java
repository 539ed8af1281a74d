package switchboard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;

/** What jOOQ's connections answer for the isolation level, without asking, is what the server has. */
class KnownIsolationTest {
    private static Database database;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.fresh(), 2);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theAnsweredLevelIsTheServersAndFollowsAChange() {
        database.sql().connection(c -> {
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertEquals("read committed", show(c));
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            assertEquals("serializable", show(c));
        });
        // The pool restored the changed connection: every connection reads committed again.
        for (int i = 0; i < 3; i++) {
            database.sql().transaction(tx -> tx.dsl().connection(c -> {
                assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
                assertEquals("read committed", show(c));
            }));
        }
    }

    private static String show(Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement(); var r = s.executeQuery("show transaction_isolation")) {
            r.next();
            return r.getString(1);
        }
    }
}
