package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The idempotency fingerprint is written straight into the digest now; the keys stored before
 * hold the fingerprint of a sorted copy of the tree, serialised, and a retry must still match them.
 */
class IngestHashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Ingest ingest = new Ingest(null, JSON, List.of());

    @Test
    void aBodyHashesAsItDidBeforeSoKeysStoredBeforeStillMatchTheirRetries() throws Exception {
        // Nested objects and arrays, escapes, non-ASCII and an astral character, a big integer, decimals.
        String body = "{\"type\":\"player.bet\",\"tableId\":\"t-1\",\"eventId\":\"e-\\u00e9\\u4e2d\\ud83c\\udca1\","
                + "\"amount\":12345678901234567890,\"ratio\":0.1e-3,\"b\":[3,{\"z\":null,\"a\":true,\"m\":\"q\\\"\\\\\\n\"}],"
                + "\"nested\":{\"y\":-1.50,\"x\":[]}}";
        // Computed by the code before this change (a sorted ObjectNode, writeValueAsString, UTF-8, SHA-256).
        assertEquals("83b3788d67e8c70b66625924b7920a67fb29d1e43319b51dec3c7d9944342411", ingest.hash(JSON.readTree(body)));
    }

    @Test
    void theOrderOfFieldsDoesNotChangeTheHashButAValueDoes() throws Exception {
        String hash = ingest.hash(JSON.readTree("{\"a\":1,\"b\":{\"c\":2,\"d\":[1,2]}}"));
        assertEquals(hash, ingest.hash(JSON.readTree("{\"b\":{\"d\":[1,2],\"c\":2},\"a\":1}")));
        assertNotEquals(hash, ingest.hash(JSON.readTree("{\"b\":{\"d\":[2,1],\"c\":2},\"a\":1}")));
    }
}
