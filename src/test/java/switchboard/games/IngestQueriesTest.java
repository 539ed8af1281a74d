package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.PokerSimulator;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/**
 * What a single ingest event costs the database (issue 13, item 3): the key's lookup with its
 * rate token, the idempotency claim, the table locked and read with its seats, and every write
 * (table, seats, event log) as one batch: four statements, then the commit. The node's background
 * jobs share the query counter, so the figure is the least over many events of a played hand.
 */
class IngestQueriesTest {
    private static Switchboard node;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000"));
        long admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(node.port(), node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aSingleEventOfAPlayedHandCostsFourStatements() {
        var sim = new PokerSimulator("queries-1", 6, 7);
        List<ObjectNode> events = new ArrayList<>(sim.open());
        events.addAll(sim.playHand());
        long least = Long.MAX_VALUE;
        int sent = 0;
        for (ObjectNode event : events) {
            long before = node.database().queryCount();
            var response = server.post(event, null);
            assertEquals(204, response.statusCode(), response.body());
            if (sent++ > 0) {
                least = Math.min(least, node.database().queryCount() - before);
            }
        }
        assertEquals(4, least, "a single event: key and rate token, claim, table with seats, writes as one batch");
    }
}
