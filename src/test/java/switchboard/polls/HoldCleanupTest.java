package switchboard.polls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import switchboard.db.Database;
import switchboard.live.ChangeFeed;
import switchboard.testing.TestDatabase;
import switchboard.web.Templates;

class HoldCleanupTest {

    @Test
    void holdsWithoutAHeartbeatFor10SecondsEndOnOneNodeOnly() throws Exception {
        var url = TestDatabase.fresh();
        try (var database = Database.open(url, 2); Connection c = TestDatabase.connect(url)) {
            var hold = new Hold(database, new Templates(), new ChangeFeed(database.sql()));
            c.createStatement().execute("""
                    insert into hold_sessions (channel, holder, last_beat_at) values
                        ('main', 'quiet', now() - interval '11 seconds'),
                        ('main', 'beating', now() - interval '2 seconds')""");
            var store = new HoldStore(database.sql());
            assertEquals(2, store.activeCount("main"));

            c.setAutoCommit(false);
            c.createStatement().execute("select pg_advisory_xact_lock(" + 0x5b_0001L + ")");
            try (var job = hold.cleanupJob()) {
                assertFalse(job.runOnce(), "another node holds the job's lock, so this one skips");
                assertEquals(2, store.activeCount("main"));
                c.rollback();
                assertTrue(job.runOnce());
            }
            assertEquals(1, store.activeCount("main"));
            var rs = c.createStatement().executeQuery("select holder from hold_sessions where ended_at is null");
            rs.next();
            assertEquals("beating", rs.getString(1));
        }
    }
}
