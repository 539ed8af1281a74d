package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import switchboard.auth.RateLimiter;
import switchboard.db.Database;
import switchboard.testing.TestDatabase;

class DemoAccountsTest {

    @Test
    void demoAccountsAreMadeOnceAndTheirPasswordsWork() throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "demo-").resolve("demo-accounts.txt");
        try (var database = Database.open(TestDatabase.fresh(), 2)) {
            var auth = new Auth(database.sql(), AuthSettings.defaults(), LoginThrottle.standard(database.sql()), new RateLimiter(database.sql(), 1, 1), user -> java.util.Optional.empty());
            var users = auth.users();
            var lines = DemoAccounts.ensure(auth, "http://localhost:7070", file);
            assertEquals(5, lines.size());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(lines, DemoAccounts.ensure(auth, "http://localhost:7070", file), "a second start prints the same accounts");
            assertEquals(5, database.sql().fetchCount(switchboard.db.jooq.Tables.USERS), "admin, two members, one staff, one kiosk");
            String[] admin = lines.getFirst().trim().split("\\s+");
            assertEquals("ADMIN", admin[0]);
            assertTrue(users.authenticate(admin[1], admin[3]).isPresent());
            String link = lines.getLast().trim().split("\\s+")[3];
            assertTrue(link.startsWith("http://localhost:7070/kiosk/"), link);
            assertTrue(auth.kioskLinks().redeem(link.substring(link.lastIndexOf('/') + 1)).isPresent(), "the kiosk link signs in");
        }
    }
}
