package switchboard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;

class EmbeddedDatabaseTest {

    @Test
    void startsWithoutAServerAndKeepsItsDataForTheNextStart() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "embedded-");
        try (var first = EmbeddedDatabase.start(dir); var db = Database.open(first.url(), 2)) {
            db.sql().execute("insert into hold_sessions (channel, holder) values ('main', 'kept')");
        }
        try (var second = EmbeddedDatabase.start(dir); var c = TestDatabase.connect(second.url())) {
            var rs = c.createStatement().executeQuery("select holder from hold_sessions");
            rs.next();
            assertEquals("kept", rs.getString(1));
        }
    }
}
