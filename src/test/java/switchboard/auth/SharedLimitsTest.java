package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/** Two nodes on one database, as behind a balancer: the limits are the cluster's, not each node's. */
class SharedLimitsTest {
    private static Switchboard a;
    private static Switchboard b;
    private static String key;

    @BeforeAll
    static void start() {
        var url = TestDatabase.fresh();
        a = TestNode.start(url, Map.of("API_RATE", "2"));
        b = TestNode.start(url, Map.of("API_RATE", "2"));
        long admin = a.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        a.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        key = a.auth().apiKeys().create("table server", ApiKeys.SCOPE_INGEST, admin).secret();
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void theEleventhFailedLoginAcrossBothNodesGets429() {
        for (int i = 1; i <= 10; i++) {
            var node = i % 2 == 0 ? a : b;
            assertEquals(303, new WebClient(node.port()).logIn("ada", "guess " + i).statusCode(), "attempt " + i);
        }
        for (var node : new Switchboard[] {a, b}) {
            var eleventh = new WebClient(node.port()).logIn("ada", "member password");
            assertEquals(429, eleventh.statusCode(), "on node " + node.port());
            long retryAfter = Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        }
    }

    @Test
    void anApiKeysRateIsNotDoubledByASecondNode() {
        int ok = 0;
        int refused = 0;
        // Rate 2/s, burst 4: alternating between the nodes must not give each node its own burst.
        for (int i = 0; i < 12; i++) {
            var node = i % 2 == 0 ? a : b;
            var answer = new WebClient(node.port()).statusOnly("GET", "/ingest/v1/key", Map.of("Authorization", "Bearer " + key));
            if (answer.statusCode() == 429) {
                refused++;
            } else {
                assertEquals(200, answer.statusCode());
                ok++;
            }
        }
        assertTrue(ok >= 4 && ok <= 6, "requests allowed across both nodes: " + ok + " (one node alone allows 4 plus the refill)");
        assertEquals(12 - ok, refused);
    }
}
