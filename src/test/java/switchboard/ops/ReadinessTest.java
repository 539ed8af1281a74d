package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.Config;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.WebClient;

/** A node started to prepare something (the embedded start's demo data) is not ready until it has. */
class ReadinessTest {
    @Test
    void aNodeStillPreparingIsHealthyButNotReadyUntilItSaysSo() throws Exception {
        var url = TestDatabase.fresh();
        var config = Config.fromEnvironment(Map.of()).withPortAndDatabase(0, url.jdbcUrl());
        try (var node = Switchboard.start(config, url, List.of(), "loading the demo accounts and data")) {
            var web = new WebClient(node.port());
            var ready = web.get("/health/ready");
            assertEquals(503, ready.statusCode(), "a balancer sends it nothing yet: " + ready.body());
            assertTrue(ready.body().contains("\"status\":\"starting\""), ready.body());
            assertTrue(ready.body().contains("loading the demo accounts and data"), "says what it waits for: " + ready.body());
            assertEquals(200, web.get("/health").statusCode(), "the database and the listener are up");
            assertEquals(200, web.get("/health/live").statusCode(), "no reason to restart it");

            node.ready();

            var after = web.get("/health/ready");
            assertEquals(200, after.statusCode(), after.body());
            assertTrue(after.body().contains("\"status\":\"ok\"") && !after.body().contains("starting"), after.body());
        }
    }

    @Test
    void aNodeStartedWithNothingToPrepareIsReadyAtOnce() throws Exception {
        try (var node = switchboard.testing.TestNode.start(TestDatabase.fresh())) {
            assertEquals(200, new WebClient(node.port()).get("/health/ready").statusCode());
        }
    }
}
