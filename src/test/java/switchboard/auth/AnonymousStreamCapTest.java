package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/**
 * Visitors who are not signed in hold at most LIVE_STREAMS_PER_ADDRESS streams per client
 * address on a node: dropping the visitor cookie (every new connection gets a new visitor id)
 * no longer opens streams without end.
 */
class AnonymousStreamCapTest {
    private static final String HOLD = "/live?topics=presence:main";
    private static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("LIVE_STREAMS_PER_ADDRESS", "3", "SSE_HEARTBEAT", "200ms"));
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void visitorsWithoutCookiesShareTheirAddresssCapAndSignedInPeopleDoNot() throws Exception {
        try (var one = SseClient.open(node.port(), HOLD, null);
             var two = SseClient.open(node.port(), HOLD, null);
             var three = SseClient.open(node.port(), HOLD, null)) {
            var fourth = SseClient.request(node.port(), HOLD, null);
            assertEquals(429, fourth.getResponseCode());
            assertTrue(fourth.getHeaderField("Retry-After") != null, "says when to come back");
            String body = new String(fourth.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("network address already has 3 live streams"), body);
            fourth.disconnect();

            var ada = WebClient.signedIn(node.port(), "ada", "member password");
            // open() fails unless the answer is 200: a signed-in person at the same address
            // streams under the account's own cap.
            SseClient.open(node.port(), HOLD, null, "sb_session=" + ada.cookie("sb_session")).close();
            one.close();
            // The page that went away frees its slot once a heartbeat to it fails.
            Wait.until("the closed visitor's slot to free up", AnonymousStreamCapTest::opens, Duration.ofSeconds(10));
        }
    }

    private static boolean opens() {
        try (var again = SseClient.open(node.port(), HOLD, null)) {
            return again != null;
        } catch (IOException refused) {
            return false;
        }
    }
}
