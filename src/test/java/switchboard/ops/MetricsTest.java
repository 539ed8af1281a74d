package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/** {@code /metrics} speaks Prometheus, names what an operator needs, and is for admins or the scraper's token only. */
class MetricsTest {
    private static final String TOKEN = "t".repeat(40);

    @Test
    void aScraperWithTheTokenOrAnAdminReadsEveryMetricByNameOthersAreRefused() throws Exception {
        var url = TestDatabase.fresh();
        try (var node = TestNode.start(url, Map.of("METRICS_TOKEN", TOKEN))) {
            long root = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
            var gameServer = new switchboard.testing.IngestClient(node.port(),
                    node.auth().apiKeys().create("table server", switchboard.auth.ApiKeys.SCOPE_INGEST, root).secret());
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            long since = node.listener().cursor();
            try (var stream = SseClient.open(node.port(), "/live?topics=echo:1&since=" + since, null)) {
                TestDatabase.publish(url, "echo:1", "metered", 1);
                stream.await("the change to be delivered", c -> !c.echoSeqs().isEmpty(), Duration.ofSeconds(10));
                assertEquals(200, new WebClient(node.port()).get("/health").statusCode());
                int refused = gameServer.postRaw("{\"type\":\"no.such.event\"}", null).statusCode();
                assertTrue(refused >= 400 && refused < 500, "a malformed event is refused: " + refused);
                String text = scrape(node.port(), "Bearer " + TOKEN);
                var missing = new ArrayList<String>();
                for (String name : List.of("switchboard_live_streams{kind=\"echo\"}", "switchboard_live_streams_open", "switchboard_live_events_sent_total",
                        "switchboard_live_sent_bytes_total", "switchboard_live_delivery_seconds_bucket", "switchboard_listener_lag_seconds_bucket",
                        "switchboard_live_replay_changes", "switchboard_live_streams_dropped_total", "switchboard_live_frames_coalesced_total",
                        "switchboard_render_seconds_count{region=\"echo\"}", "switchboard_render_failures_total", "switchboard_listener_wakeups_total",
                        "switchboard_live_sequencer_leading", "switchboard_live_sequencer_moved_total", "switchboard_live_sequencer_rescued_total",
                        "http_server_requests_seconds_count", "hikaricp_connections", "jetty_connections", "jvm_memory_used_bytes", "process_uptime_seconds")) {
                    if (!text.contains(name)) {
                        missing.add(name);
                    }
                }
                assertEquals(List.of(), missing, "metric names in /metrics");
                assertTrue(text.contains("route=\"/health\""), "requests are counted by route template");
                assertTrue(text.contains("route=\"/ingest/v1/events\",status=\"" + refused + "\""), "ingest requests are counted by status");
            }
            assertEquals(401, status(node.port(), null), "anonymous");
            assertEquals(401, status(node.port(), "Bearer " + "x".repeat(40)), "a wrong token");
            assertEquals(200, status(node.port(), "bearer " + TOKEN), "the scheme in any case, as the ingest API takes it (RFC 9110)");
            assertEquals(401, status(node.port(), "Basic " + TOKEN), "another scheme");
            var admin = WebClient.signedIn(node.port(), "root", "admin password");
            assertEquals(200, admin.get("/metrics").statusCode(), "an admin");
            var member = WebClient.signedIn(node.port(), "ada", "member password");
            assertEquals(401, member.get("/metrics").statusCode(), "a member");
        }
    }

    private static String scrape(int port, String authorization) throws Exception {
        var response = HttpClient.newHttpClient().send(request(port, authorization), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    private static int status(int port, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(request(port, authorization), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request(int port, String authorization) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }
}
