package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.NODE_REPORTS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.PokerSimulator;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/** Two nodes on one database report to the ops page; an admin sees both, live, and traces an event. */
class OpsPageTest {
    private static Switchboard a;
    private static Switchboard b;
    private static IngestClient gameServer;

    private static switchboard.db.DatabaseUrl url;

    @BeforeAll
    static void start() {
        url = TestDatabase.fresh();
        a = TestNode.start(url);
        b = TestNode.start(url);
        long admin = a.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        gameServer = new IngestClient(a.port(), a.auth().apiKeys().create("table server", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static String opsPage(WebClient admin, String query) {
        var response = admin.get("/admin/ops" + query);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void anAdminSeesEveryNodeAndTheTableRedrawsLive() throws Exception {
        var admin = WebClient.signedIn(a.port(), "root", "admin password");
        try (var stream = SseClient.open(b.port(), "/live?topics=ops", null, "sb_session=" + admin.cookie("sb_session"))) {
            Wait.until("both nodes to report", () -> {
                String html = opsPage(admin, "");
                return html.contains(":" + a.port() + "/") && html.contains(":" + b.port() + "/");
            }, Duration.ofSeconds(15));
            stream.await("a report to redraw the nodes", s -> s.events().stream().anyMatch(e -> "ops-nodes".equals(e.event())
                    && e.data().contains("<svg")), Duration.ofSeconds(15));
        }
    }

    @Test
    void aNodeThatStoppedReportingIsShownAsGone() {
        a.database().sql().insertInto(NODE_REPORTS)
                .set(NODE_REPORTS.NODE_ID, "ghost:7999/0000")
                .set(NODE_REPORTS.AT, OffsetDateTime.now().minusMinutes(2))
                .set(NODE_REPORTS.STREAMS, 3)
                .set(NODE_REPORTS.EVENTS_PER_SECOND, 1.5)
                .set(NODE_REPORTS.DROPPED_STREAMS, 0L)
                .set(NODE_REPORTS.ERRORS, 0)
                .execute();
        String html = opsPage(WebClient.signedIn(a.port(), "root", "admin password"), "");
        int row = html.indexOf("ghost:7999/0000");
        assertTrue(row > 0, html);
        assertTrue(html.substring(row, html.indexOf("</tr>", row)).contains("gone"), "the ghost's row says it is gone");
    }

    @Test
    void aNodeThatStopsOnPurposeSaysSoAndItsRestartIsShownAsReplacingIt() {
        var admin = WebClient.signedIn(a.port(), "root", "admin password");
        var c = TestNode.start(url);
        int port = c.port();
        Wait.until("node c to report", () -> opsPage(admin, "").contains(":" + port + "/"), Duration.ofSeconds(15));
        c.close();
        String stopped = row(opsPage(admin, ""), ":" + port + "/");
        assertTrue(stopped.contains("stopped</strong> on purpose"), "a drained node's last report says it stopped: " + stopped);
        try (var again = TestNode.start(url, Map.of(), port, new java.util.concurrent.atomic.AtomicBoolean())) {
            Wait.until("the restarted node to report", () -> opsPage(admin, "").split(":" + port + "/", -1).length == 3, Duration.ofSeconds(15));
            String old = row(opsPage(admin, ""), ":" + port + "/");
            assertTrue(old.contains("stopped</strong> on purpose") && old.contains("restarted: a new node is up at this address"),
                    "the old node's row, after the new one's (nodes that are up come first): " + old);
        }
    }

    /** The table row of the last node (in the page's order) whose id contains {@code part}, from its id to the row's end. */
    private static String row(String html, String part) {
        int at = html.lastIndexOf(part);
        assertTrue(at > 0, html);
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void tracingAnIngestRequestShowsItsSeqAndTheStreamsThatGotIt() throws Exception {
        var admin = WebClient.signedIn(a.port(), "root", "admin password");
        try (var stream = SseClient.open(b.port(), "/live?topics=tables", null, "sb_session=" + admin.cookie("sb_session"))) {
            assertEquals(204, gameServer.post(new PokerSimulator("traced", 3, 1).open(), "trace-me-1").statusCode());
            stream.await("the table list to show the new table", s -> s.events().stream().anyMatch(e -> e.data().contains("traced")),
                    Duration.ofSeconds(10));
            String seq = stream.lastEventId();
            Wait.until("node b to report the delivery", () -> {
                String html = opsPage(admin, "?trace=trace-me-1");
                return html.contains("seq <strong>" + seq + "</strong>") && html.contains(":" + b.port() + "/") && html.contains("1 streams");
            }, Duration.ofSeconds(15));
        }
        assertTrue(opsPage(admin, "?trace=never-used").contains("No ingest request or event is known"));
    }

    @Test
    void aMalformedTraceKeyIsA400WithAMessage() {
        var response = WebClient.signedIn(a.port(), "root", "admin password").get("/admin/ops?trace=two%20words");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("1 to 200 printable characters"), response.body());
    }
}
