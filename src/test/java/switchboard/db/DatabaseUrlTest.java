package switchboard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void acceptsTheLibpqFormWithCredentials() {
        var url = DatabaseUrl.parse("postgres://ada:s%40cret@db.example:6543/switchboard?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/switchboard?sslmode=require", url.jdbcUrl());
        assertEquals("ada", url.user());
        assertEquals("s@cret", url.password());
        assertTrue(url.display().contains("ada") && !url.display().contains("s@cret"));
    }

    @Test
    void defaultsThePortAndAcceptsJdbcAsItIs() {
        assertEquals("jdbc:postgresql://localhost:5432/sb", DatabaseUrl.parse("postgresql://localhost/sb").jdbcUrl());
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/sb?user=postgres";
        assertEquals(jdbc, DatabaseUrl.parse(jdbc).jdbcUrl());
    }

    @Test
    void rejectsOtherSchemesAndMissingDatabaseWithAMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://u:pw@h/db"));
        assertTrue(e.getMessage().contains("must start with postgres://") && !e.getMessage().contains("pw"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("postgres://localhost"));
    }
}
