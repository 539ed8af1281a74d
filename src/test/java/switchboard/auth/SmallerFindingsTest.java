package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.IngestClient;
import switchboard.testing.SseClient;
import switchboard.testing.Stored;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/** Issue 11's smaller findings: stream cap, table-limited keys, and member names that do not leak. */
class SmallerFindingsTest {
    private static Switchboard node;
    private static WebClient admin;
    private static long root;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("LIVE_STREAMS_PER_ACCOUNT", "2", "SSE_HEARTBEAT", "60s"));
        root = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        long gone = node.auth().users().create("gone", "Gone", "member password", Role.MEMBER).id();
        node.auth().users().setDisabled(gone, true);
        node.auth().kioskLinks().create("Lobby", root);
        admin = WebClient.signedIn(node.port(), "root", "admin password");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void anAccountMayOpenOnlyItsCapOfLiveStreams() throws Exception {
        var ada = WebClient.signedIn(node.port(), "ada", "member password");
        String cookie = "sb_session=" + ada.cookie("sb_session");
        var accept = Map.of("Accept", "text/event-stream");
        try (var one = SseClient.open(node.port(), "/live?topics=presence:main", null, cookie);
             var two = SseClient.open(node.port(), "/live?topics=presence:main", null, cookie)) {
            var third = ada.send("GET", "/live?topics=presence:main", null, null, accept);
            assertEquals(429, third.statusCode());
            assertTrue(third.body().contains("already has 2 live streams open"), third.body());
            assertTrue(third.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, admin.statusOnly("GET", "/live?topics=presence:main", accept).statusCode(), "the cap is per account");
            one.close();
            Wait.until("a slot to free up", () -> ada.statusOnly("GET", "/live?topics=presence:main", accept).statusCode() == 200, Duration.ofSeconds(5));
        }
    }

    @Test
    void aPageThatWentAwayFreesItsSlotAtOnceNotAtTheNextHeartbeat() throws Exception {
        // The heartbeat is a minute here: without the probe, pages closed a moment ago would
        // hold both slots for that long and the page opened now would get 429.
        var ada = WebClient.signedIn(node.port(), "ada", "member password");
        String cookie = "sb_session=" + ada.cookie("sb_session");
        SseClient.open(node.port(), "/live?topics=presence:main", null, cookie).close();
        SseClient.open(node.port(), "/live?topics=presence:main", null, cookie).close();
        try (var now = SseClient.open(node.port(), "/live?topics=presence:main", null, cookie)) {
            try (var next = SseClient.open(node.port(), "/live?topics=presence:main", null, cookie)) {
                var third = ada.send("GET", "/live?topics=presence:main", null, null, Map.of("Accept", "text/event-stream"));
                assertEquals(429, third.statusCode(), "two pages really open still fill the cap of two");
            }
        }
    }

    @Test
    void aKeyLimitedToTablesWritesOnlyToThem() {
        var key = node.auth().apiKeys().create("lobby server", ApiKeys.SCOPE_INGEST, "lobby-*, final", root);
        assertEquals("lobby-*, final", key.key().tables());
        var ingest = new IngestClient(node.port(), key.secret());
        var open = Map.<String, Object>of("type", "table.opened", "version", 1, "name", "T", "smallBlind", 1, "bigBlind", 2, "seats", 6);
        var lobby = new java.util.HashMap<>(open);
        lobby.put("tableId", "lobby-1");
        assertEquals(204, ingest.post(lobby, "a").statusCode());
        var before = Stored.digest(node.database().sql());
        for (String table : List.of("other", "finals", "lobby")) {
            var elsewhere = new java.util.HashMap<>(open);
            elsewhere.put("tableId", table);
            var refused = ingest.post(elsewhere, "b" + table);
            assertEquals(403, refused.statusCode(), table);
            assertTrue(IngestClient.problem(refused).get("detail").asText().contains("lobby-*, final"), refused.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        var form = admin.post("/admin/keys", Map.of("name", "bad", "tables", "a b/c"));
        assertEquals(400, form.statusCode());
        assertTrue(form.body().contains("prefixes ending in"), form.body());
    }

    @Test
    void unknownDisabledAndKioskNamesGetTheSameAnswer() {
        String kiosk = String.valueOf(node.database().sql().fetchValue("select username from users where role = 'KIOSK'"));
        var answers = new java.util.ArrayList<String>();
        for (String name : List.of("nobody", "gone", kiosk)) {
            var create = admin.post("/chat/threads", Map.of("title", "T", "members", name));
            assertEquals(400, create.statusCode());
            answers.add(create.body().replace(name, "NAME").replaceAll("name=\"pac4jCsrfToken\" value=\"[^\"]*\"", "").replaceAll("since=\\d+", ""));
        }
        assertEquals(answers.get(0), answers.get(1), "a disabled name is answered like an unknown one");
        assertEquals(answers.get(0), answers.get(2), "so is a kiosk's");
        assertEquals(303, admin.post("/chat/threads", Map.of("title", "Plans", "members", "ada")).statusCode());
        long thread = ((Number) node.database().sql().fetchValue("select max(id) from threads")).longValue();
        var added = new java.util.ArrayList<String>();
        for (String name : List.of("nobody", "gone", kiosk)) {
            var add = admin.post("/chat/" + thread + "/members", Map.of("username", name));
            assertEquals(400, add.statusCode());
            added.add(add.body().replace(name, "NAME").replaceAll("name=\"pac4jCsrfToken\" value=\"[^\"]*\"", "").replaceAll("since=\\d+", ""));
        }
        assertEquals(added.get(0), added.get(1));
        assertEquals(added.get(0), added.get(2));
    }
}
