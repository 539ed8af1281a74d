package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import switchboard.db.Database;
import switchboard.testing.TestDatabase;

class DemoAccountsTest {

    @Test
    void demoAccountsAreMadeOnceAndTheirPasswordsWork() throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "demo-").resolve("demo-accounts.txt");
        try (var database = Database.open(TestDatabase.fresh(), 2)) {
            var users = new Users(database.sql());
            var lines = DemoAccounts.ensure(users, file);
            assertEquals(3, lines.size());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(lines, DemoAccounts.ensure(users, file), "a second start prints the same accounts");
            assertEquals(3, database.sql().fetchCount(switchboard.db.jooq.Tables.USERS));
            String[] admin = lines.getFirst().trim().split("\\s+");
            assertEquals("ADMIN", admin[0]);
            assertTrue(users.authenticate(admin[1], admin[3]).isPresent());
        }
    }
}
