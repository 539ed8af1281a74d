package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

class TwoNodesTest {

    @Test
    void aHoldMadeThroughNodeAReachesASubscriberOfNodeB() throws Exception {
        var url = TestDatabase.fresh();
        try (var a = TestNode.start(url); var b = TestNode.start(url)) {
            long since = b.listener().cursor();
            try (var client = SseClient.open(b.port(), "/live?topics=presence:main&since=" + since, null)) {
                var response = new WebClient(a.port()).withToken("PUT", "/hold/presence");
                assertEquals(204, response.statusCode());
                client.await("node B to show the hold made on node A", c -> !c.events().isEmpty(), Duration.ofSeconds(10));
                assertEquals("1", client.events().getLast().data());
            }
        }
    }
}
