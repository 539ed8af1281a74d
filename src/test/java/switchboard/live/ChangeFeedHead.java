package switchboard.live;

import java.sql.SQLException;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;

/** The last committed seq, read the way a test would: for tests that publish one change at a time. */
final class ChangeFeedHead {
    private ChangeFeedHead() {
    }

    static long of(DatabaseUrl url) {
        try (var c = TestDatabase.connect(url); var rs = c.createStatement().executeQuery("select last_seq from change_counter")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
