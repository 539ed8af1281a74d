package switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsNeedNoEnvironment() {
        var config = Config.fromEnvironment(Map.of());
        assertEquals(7070, config.port());
        assertTrue(config.databaseUrl().isEmpty());
        assertEquals(Duration.ofHours(24), config.changeRetention());
        assertEquals(Duration.ofSeconds(15), config.heartbeat());
        assertEquals(Duration.ZERO, config.livePace(), "pacing is off unless asked for");
    }

    @Test
    void livePaceIsOffAtZeroAndBoundedAtTwoSeconds() {
        assertEquals(Duration.ZERO, Config.fromEnvironment(Map.of("LIVE_PACE", "0ms")).livePace());
        var e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("LIVE_PACE", "5s")));
        assertTrue(e.getMessage().startsWith("LIVE_PACE=5s is not valid: expected from 0ms (off) to 2s"), e.getMessage());
    }

    @Test
    void aBadValueNamesTheVariableAndWhatItAccepts() {
        var e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("PORT", "seventy")));
        assertTrue(e.getMessage().startsWith("PORT=seventy is not valid"), e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("CHANGE_RETENTION", "1 week")));
        assertTrue(d.getMessage().contains("such as 500ms"), d.getMessage());
    }

    @Test
    void theDatabasePoolIsBoundedAndLeavesRoomBesideTheIngestCommitters() {
        assertEquals(20, Config.fromEnvironment(Map.of()).databasePool());
        assertEquals(6, Config.fromEnvironment(Map.of("DATABASE_POOL", "6")).databasePool());
        var small = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("DATABASE_POOL", "2")));
        assertTrue(small.getMessage().startsWith("DATABASE_POOL=2 is not valid"), small.getMessage());
        var crowded = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("DATABASE_POOL", "8", "INGEST_COMMITTERS", "6")));
        assertTrue(crowded.getMessage().startsWith("INGEST_COMMITTERS=6 needs DATABASE_POOL of at least 12"), crowded.getMessage());
    }
}
