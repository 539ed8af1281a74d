package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/** A node that is told to stop (SIGTERM) hands its pages to the others instead of dropping them at once. */
class DrainTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aStoppingNodeSaysNotReadyRefusesNewStreamsAndSendsOpenOnesElsewhereSoon() throws Exception {
        try (var node = TestNode.start(TestDatabase.fresh())) {
            var web = new WebClient(node.port());
            assertEquals(200, web.get("/health/ready").statusCode());
            long since = node.listener().cursor();
            try (var stream = SseClient.open(node.port(), "/live?topics=echo:1&since=" + since, null)) {
                Wait.until("the stream to be registered", () -> node.hub().connectionCount() == 1, WAIT);
                node.beginDrain();
                stream.await("the open stream to be closed", SseClient::ended, WAIT);
                int retry = stream.retry();
                assertTrue(retry >= 100 && retry < 2_000, "the page is told to come back within 2 s, at a random moment: " + retry);
                var ready = web.get("/health/ready");
                assertEquals(503, ready.statusCode(), "a balancer stops sending it work");
                assertTrue(ready.body().contains("draining"), ready.body());
                assertEquals(200, web.get("/health/live").statusCode(), "the process is alive: no need to kill it");
                var refused = SseClient.request(node.port(), "/live?topics=echo:1&since=" + since, null);
                assertEquals(503, refused.getResponseCode(), "new streams go to another node");
                assertNotNull(refused.getHeaderField("Retry-After"));
                refused.disconnect();
            }
        }
    }

    @Test
    void drainingStopsTheNodeWithinItsGrace() {
        var node = TestNode.start(TestDatabase.fresh());
        int port = node.port();
        long started = System.nanoTime();
        node.drain(Duration.ofSeconds(5), Duration.ZERO);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 9_000, "stopped in " + millis + " ms");
        assertTrue(nothingAnswers(port), "nothing answers any more");
    }

    @Test
    void withNothingInFlightTheNodeStillAnswersDrainingForItsNotice() throws Exception {
        var node = TestNode.start(TestDatabase.fresh());
        int port = node.port();
        var web = new WebClient(port);
        var stopping = Thread.ofVirtual().start(() -> node.drain(Duration.ofSeconds(5), Duration.ofSeconds(2)));
        Wait.until("/health/ready to answer draining", () -> {
            var ready = web.get("/health/ready");
            return ready.statusCode() == 503 && ready.body().contains("draining");
        }, WAIT);
        var refused = SseClient.request(port, "/live?topics=echo:1", null);
        assertEquals(503, refused.getResponseCode(), "new streams go to another node");
        assertEquals("1", refused.getHeaderField("Retry-After"), "from the drain, not from a node already closing");
        refused.disconnect();
        stopping.join(WAIT);
        assertTrue(nothingAnswers(port), "then it stops");
    }

    private static boolean nothingAnswers(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
