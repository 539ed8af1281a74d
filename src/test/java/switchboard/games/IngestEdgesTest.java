package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.IngestClient;
import switchboard.testing.Stored;

/** The ingest API's edges an outside review tried: scheme case, compression, charsets, parser messages, player ids. */
class IngestEdgesTest extends AdminNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String secret;

    @BeforeAll
    static void key() {
        long root = node.database().sql().fetchOne("select id from users where username = 'root'").get(0, Long.class);
        secret = node.auth().apiKeys().create("edges", ApiKeys.SCOPE_INGEST, root).secret();
    }

    private static HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/ingest/v1/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        request.header("Content-Type", "application/json");
        request.header("Authorization", "Bearer " + secret);
        headers.forEach(request::setHeader);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String open(String table) {
        return "{\"type\":\"table.opened\",\"tableId\":\"" + table + "\",\"version\":1,\"name\":\"T\",\"smallBlind\":1,\"bigBlind\":2,\"seats\":6}";
    }

    @Test
    void theAuthorizationSchemeIsMatchedInAnyCase() throws Exception {
        assertEquals(204, post(open("lower"), Map.of("Authorization", "bearer " + secret, "Idempotency-Key", "lower")).statusCode());
        assertEquals(204, post(open("upper"), Map.of("Authorization", "BEARER " + secret, "Idempotency-Key", "upper")).statusCode());
        assertEquals(401, post(open("basic"), Map.of("Authorization", "Basic " + secret, "Idempotency-Key", "basic")).statusCode());
    }

    @Test
    void compressedOrNonUtf8BodiesAre415SayingWhatToSend() throws Exception {
        var before = Stored.digest(node.database().sql());
        var gzip = post(open("gz"), Map.of("Content-Encoding", "gzip", "Idempotency-Key", "gz"));
        assertEquals(415, gzip.statusCode(), gzip.body());
        assertTrue(IngestClient.problem(gzip).get("detail").asText().contains("uncompressed"), gzip.body());
        var latin = post(open("latin"), Map.of("Content-Type", "application/json; charset=iso-8859-1", "Idempotency-Key", "latin"));
        assertEquals(415, latin.statusCode(), latin.body());
        assertTrue(IngestClient.problem(latin).get("detail").asText().contains("UTF-8"), latin.body());
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, post(open("utf8"), Map.of("Content-Type", "application/json; charset=UTF-8", "Idempotency-Key", "utf8")).statusCode());
    }

    @Test
    void parserMessagesTellTheClientAboutItsJsonNotOurSettings() throws Exception {
        for (String body : new String[] {"{\"version\": NaN}", "[".repeat(1200) + "]".repeat(1200), "/*x*/{}"}) {
            var answer = post(body, Map.of("Idempotency-Key", "bad-" + body.length()));
            assertEquals(400, answer.statusCode(), answer.body());
            String detail = IngestClient.problem(answer).get("detail").asText();
            assertFalse(detail.contains("Feature") || detail.contains("Constraints") || detail.contains("`") || detail.contains("ALLOW_"), detail);
            assertEquals(detail.chars().filter(c -> c == '(').count(), detail.chars().filter(c -> c == ')').count(), "brackets closed: " + detail);
        }
    }

    @Test
    void aNumberTooLongToReadIsRefusedAtItsFieldInOurWords() throws Exception {
        var before = Stored.digest(node.database().sql());
        String ended = "{\"type\":\"hand.ended\",\"tableId\":\"long\",\"version\":2,\"handNo\":1,\"pot\":2,\"winners\":[{\"seat\":1,\"amount\":2},"
                + "{\"seat\":2,\"amount\":1" + "0".repeat(1200) + "}]}";
        var answer = post(ended, Map.of("Idempotency-Key", "long-number"));
        assertEquals(422, answer.statusCode(), answer.body());
        assertEquals("events[0].winners[1].amount", IngestClient.problem(answer).get("field").asText(), answer.body());
        String detail = IngestClient.problem(answer).get("detail").asText();
        assertTrue(detail.startsWith("'winners[1].amount' is too long: at most 1000 digits"), detail);
        assertFalse(detail.contains("Constraints") || detail.contains("`"), detail);
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void aHeaderGivenTwiceIsRefusedNamingIt() throws Exception {
        var before = Stored.digest(node.database().sql());
        for (String header : List.of("Idempotency-Key", "Content-Type", "Content-Encoding")) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/ingest/v1/events"))
                    .POST(HttpRequest.BodyPublishers.ofString(open("twice")))
                    .header("Authorization", "Bearer " + secret);
            request.header(header, header.equals("Content-Encoding") ? "identity" : header.equals("Content-Type") ? "application/json" : "k-a");
            request.header(header, header.equals("Content-Encoding") ? "gzip" : header.equals("Content-Type") ? "text/plain" : "k-b");
            if (!header.equals("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            var answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, answer.statusCode(), header + ": " + answer.body());
            assertEquals(header, IngestClient.problem(answer).get("field").asText(), answer.body());
            assertEquals("/docs/ingest#duplicate-header", IngestClient.problem(answer).get("type").asText());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void textLimitsCountCharactersAsPostgresqlDoes() throws Exception {
        String emoji = "🂡".repeat(80); // 80 characters, 160 UTF-16 units: a table name's limit is 80 characters
        String table = "{\"type\":\"table.opened\",\"tableId\":\"emoji\",\"version\":1,\"name\":\"" + emoji
                + "\",\"smallBlind\":1,\"bigBlind\":2,\"seats\":6}";
        var answer = post(table, Map.of("Idempotency-Key", "emoji-open"));
        assertEquals(204, answer.statusCode(), answer.body());
        assertEquals(emoji, node.database().sql().fetchValue("select name from poker_tables where id = 'emoji'"));
    }

    @Test
    void aControlCharacterInAHeaderIsAProblemOnTheApiAndTextOnPages() throws Exception {
        var before = Stored.digest(node.database().sql());
        String body = "{\"type\":\"table.opened\",\"tableId\":\"ctl-1\",\"version\":1,\"smallBlind\":1,\"bigBlind\":2}";
        for (String header : List.of("Idempotency-Key: ab\u0001cd", "Authorization: Bearer " + secret + "\u007f", "X-Trace: a\u0000b")) {
            String answer = raw("POST /ingest/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (header.startsWith("Authorization") ? "" : "Authorization: Bearer " + secret + "\r\n")
                    + header + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertTrue(answer.startsWith("HTTP/1.1 400"), header + ": " + answer);
            assertTrue(answer.contains("Content-Type: application/problem+json"), header + ": " + answer);
            assertTrue(answer.contains("\"type\":\"/docs/ingest#unreadable-request\""), header + ": " + answer);
            assertTrue(answer.contains("a character HTTP does not allow"), header + ": " + answer);
        }
        String page = raw("GET /hold HTTP/1.1\r\nHost: localhost\r\nX-Trace: a\u0001b\r\nConnection: close\r\n\r\n");
        assertTrue(page.startsWith("HTTP/1.1 400") && page.contains("text/plain") && page.contains("Fix what sent it"), page);
        assertEquals(before, Stored.digest(node.database().sql()), "a request the server could not read changes nothing");
    }

    /** What the server answers to bytes an HTTP client library would refuse to send. */
    private static String raw(String request) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPlayerIdIsAnIdLikeEveryOther() throws Exception {
        assertEquals(204, post(open("ids"), Map.of("Idempotency-Key", "ids")).statusCode());
        var seated = post("{\"type\":\"player.seated\",\"tableId\":\"ids\",\"version\":2,\"seat\":1,\"playerId\":\"a b<\",\"name\":\"A\",\"stack\":10}",
                Map.of("Idempotency-Key", "ids-2"));
        assertEquals(422, seated.statusCode(), seated.body());
        assertEquals("events[0].playerId", IngestClient.problem(seated).get("field").asText());
    }

    @Test
    void aShortAllInWinsOnlyThePotsItIsIn() throws Exception {
        String[] hand = {
            open("side"),
            "{\"type\":\"player.seated\",\"tableId\":\"side\",\"version\":2,\"seat\":1,\"playerId\":\"short\",\"name\":\"Short\",\"stack\":10}",
            "{\"type\":\"player.seated\",\"tableId\":\"side\",\"version\":3,\"seat\":2,\"playerId\":\"folds\",\"name\":\"Folds\",\"stack\":100}",
            "{\"type\":\"player.seated\",\"tableId\":\"side\",\"version\":4,\"seat\":3,\"playerId\":\"deep\",\"name\":\"Deep\",\"stack\":100}",
            "{\"type\":\"hand.started\",\"tableId\":\"side\",\"version\":5,\"handNo\":1,\"button\":3}",
            "{\"type\":\"player.acted\",\"tableId\":\"side\",\"version\":6,\"handNo\":1,\"seat\":3,\"action\":\"raise\",\"amount\":50}",
            "{\"type\":\"player.acted\",\"tableId\":\"side\",\"version\":7,\"handNo\":1,\"seat\":1,\"action\":\"all-in\"}",
            "{\"type\":\"player.acted\",\"tableId\":\"side\",\"version\":8,\"handNo\":1,\"seat\":2,\"action\":\"fold\"}",
        };
        for (int i = 0; i < hand.length; i++) {
            var answer = post(hand[i], Map.of("Idempotency-Key", "side-" + i));
            assertEquals(204, answer.statusCode(), hand[i] + " -> " + answer.body());
        }
        // Short put in 10; from Folds' 2 and Deep's 50 it can win 10 of each at most: 22 of the 62.
        var before = Stored.digest(node.database().sql());
        for (String winners : new String[] {"[{\"seat\":1,\"amount\":62}]", "[{\"seat\":3,\"amount\":30},{\"seat\":1,\"amount\":32}]"}) {
            var ended = post("{\"type\":\"hand.ended\",\"tableId\":\"side\",\"version\":9,\"handNo\":1,\"pot\":62,\"winners\":" + winners + "}",
                    Map.of("Idempotency-Key", "side-end-" + winners.length()));
            assertEquals(422, ended.statusCode(), ended.body());
            var problem = IngestClient.problem(ended);
            assertTrue(problem.get("field").asText().matches("events\\[0]\\.winners\\[[01]]\\.amount"), ended.body());
            assertTrue(problem.get("detail").asText().contains("at most 22"), ended.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        var paid = post("{\"type\":\"hand.ended\",\"tableId\":\"side\",\"version\":9,\"handNo\":1,\"pot\":62,\"winners\":[{\"seat\":1,\"amount\":22},{\"seat\":3,\"amount\":40}]}",
                Map.of("Idempotency-Key", "side-end"));
        assertEquals(204, paid.statusCode(), paid.body());
        assertEquals(List.of(22L, 100L - 2, 100L - 50 + 40), node.database().sql()
                .fetch("select stack from poker_seats where table_id = 'side' order by seat").getValues(0, Long.class));
    }

    @Test
    void aFoldOrACheckWithAnAmountIsRefusedNotIgnored() throws Exception {
        long v = handStarted("quiet", 3);
        var before = Stored.digest(node.database().sql());
        for (String amount : List.of("\"x\"", "500", "0", "null")) {
            var folded = send(acted("quiet", v, 3, "fold").set("amount", JSON.readTree(amount)));
            assertEquals(422, folded.statusCode(), amount + ": " + folded.body());
            assertEquals("events[0].amount", IngestClient.problem(folded).get("field").asText(), folded.body());
            assertTrue(IngestClient.problem(folded).get("detail").asText().startsWith("A fold takes no amount"), folded.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, send(acted("quiet", v, 3, "call")).statusCode());
        assertEquals(204, send(acted("quiet", v + 1, 1, "call")).statusCode());
        var checked = send(acted("quiet", v + 2, 2, "check").put("amount", 0));
        assertEquals(422, checked.statusCode(), checked.body());
        assertEquals("events[0].amount", IngestClient.problem(checked).get("field").asText(), checked.body());
        assertEquals(204, send(acted("quiet", v + 2, 2, "check")).statusCode());
    }

    @Test
    void twoPlayersWhoCanStillBetPlayTheHandToTheRiverBeforeItEnds() throws Exception {
        long v = handStarted("streets", 3);
        for (int seat : new int[] {3, 1}) {
            assertEquals(204, send(acted("streets", v++, seat, "call")).statusCode());
        }
        assertEquals(204, send(acted("streets", v++, 2, "check")).statusCode());
        var before = Stored.digest(node.database().sql());
        String[][] streets = {{"Ah", "Kd", "7c"}, {"2c"}, {"3d"}};
        String[] missing = {"the flop, the turn and the river", "the turn and the river", "the river"};
        for (int street = 0; street < 3; street++) {
            var early = send(ended("streets", v, 6, 1));
            assertEquals(422, early.statusCode(), early.body());
            assertEquals("events[0].type", IngestClient.problem(early).get("field").asText(), early.body());
            assertTrue(IngestClient.problem(early).get("detail").asText().contains("deal " + missing[street] + " first"), early.body());
            if (street == 0) {
                assertEquals(before, Stored.digest(node.database().sql()));
            }
            assertEquals(204, send(dealt("streets", v++, streets[street])).statusCode());
            assertEquals(204, send(acted("streets", v++, 1, "check")).statusCode());
            if (street == 2) {
                var midRound = send(ended("streets", v, 6, 1));
                assertEquals(422, midRound.statusCode(), midRound.body());
                assertTrue(IngestClient.problem(midRound).get("detail").asText().contains("seat 2's turn"), midRound.body());
            }
            assertEquals(204, send(acted("streets", v++, 2, "check")).statusCode());
            assertEquals(204, send(acted("streets", v++, 3, "check")).statusCode());
        }
        assertEquals(204, send(ended("streets", v, 6, 1)).statusCode());
    }

    @Test
    void whenNobodyCanBetAnyMoreTheHandMayEndBeforeTheBoardIsDealt() throws Exception {
        long v = handStarted("runout", 2);
        assertEquals(204, send(acted("runout", v++, 1, "all-in")).statusCode());
        var facing = send(ended("runout", v, 102, 1));
        assertEquals(422, facing.statusCode(), facing.body());
        assertTrue(IngestClient.problem(facing).get("detail").asText().contains("seat 2's turn"), facing.body());
        assertEquals(204, send(acted("runout", v++, 2, "all-in")).statusCode());
        var paid = send(ended("runout", v, 200, 2));
        assertEquals(204, paid.statusCode(), paid.body());
    }

    @Test
    void everyEventOfARunningHandNamesItsHand() throws Exception {
        long v = handStarted("numbered", 2);
        var before = Stored.digest(node.database().sql());
        for (var event : List.of(acted("numbered", v, 1, "fold"), dealt("numbered", v, "Ah", "Kd", "7c"), ended("numbered", v, 3, 2))) {
            var answer = send(event.without("handNo"));
            assertEquals(422, answer.statusCode(), event + ": " + answer.body());
            assertEquals("events[0].handNo", IngestClient.problem(answer).get("field").asText(), answer.body());
            assertTrue(IngestClient.problem(answer).get("detail").asText().contains("'handNo' is required"), answer.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, send(acted("numbered", v, 1, "fold")).statusCode());
    }

    @Test
    void idsAreTakenExactlyAsSentAndAControlCharacterAtEitherEndIsRefused() throws Exception {
        long v = handStarted("exact", 2);
        var before = Stored.digest(node.database().sql());
        var opened = (ObjectNode) JSON.readTree(open("exact-2"));
        var refused = Map.of(
                opened.deepCopy().put("tableId", "  exact-2\t"), "tableId",
                opened.deepCopy().put("tableId", "  exact-2"), "tableId",
                opened.deepCopy().put("type", "table.opened "), "type",
                opened.deepCopy().put("eventId", " e-1"), "eventId",
                opened.deepCopy().put("name", "Two\t"), "name",
                opened.deepCopy().put("name", "\nTwo "), "name",
                event("player.seated", "exact", v).put("seat", 3).put("playerId", "p3 ").put("name", "P3").put("stack", 5), "playerId",
                event("player.seated", "exact", v).put("seat", 3).put("playerId", "p3").put("name", " P3\r").put("stack", 5), "name",
                acted("exact", v, 1, "fold "), "action",
                acted("exact", v, 1, "\u0085fold"), "action");
        for (var bad : refused.entrySet()) {
            var answer = send(bad.getKey());
            assertEquals(422, answer.statusCode(), bad.getKey() + ": " + answer.body());
            assertEquals("events[0]." + bad.getValue(), IngestClient.problem(answer).get("field").asText(), answer.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, send(opened.put("name", "  Two  ")).statusCode(), "a name's spaces around it are dropped");
        assertEquals("Two", node.database().sql().fetchValue("select name from poker_tables where id = 'exact-2'"));
    }

    @Test
    void aNameOfOnlyMarksOrVariationSelectorsIsNoName() throws Exception {
        assertEquals(204, post(open("marks"), Map.of("Idempotency-Key", "marks")).statusCode());
        var before = Stored.digest(node.database().sql());
        for (String blank : List.of("\u0301", "\ufe0f", " \u0301\ufe0f\u200b ")) {
            var seated = send(event("player.seated", "marks", 2).put("seat", 1).put("playerId", "p1").put("name", blank).put("stack", 10));
            assertEquals(422, seated.statusCode(), seated.body());
            assertEquals("events[0].name", IngestClient.problem(seated).get("field").asText(), seated.body());
        }
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, send(event("player.seated", "marks", 2).put("seat", 1).put("playerId", "p1").put("name", "Rene\u0301").put("stack", 10)).statusCode());
    }

    @Test
    void aBadCardIsNamedByItsPlaceInTheList() throws Exception {
        long v = handStarted("cards", 2);
        assertEquals(204, send(acted("cards", v++, 1, "call")).statusCode());
        assertEquals(204, send(acted("cards", v++, 2, "check")).statusCode());
        var before = Stored.digest(node.database().sql());
        var lower = send(dealt("cards", v, "Ah", "ah", "7c"));
        assertEquals(422, lower.statusCode(), lower.body());
        assertEquals("events[0].cards[1]", IngestClient.problem(lower).get("field").asText(), lower.body());
        assertTrue(IngestClient.problem(lower).get("detail").asText().startsWith("\"ah\" is not a card"), lower.body());
        var twice = send(dealt("cards", v, "Ah", "Kd", "Ah"));
        assertEquals("events[0].cards[2]", IngestClient.problem(twice).get("field").asText(), twice.body());
        assertTrue(IngestClient.problem(twice).get("detail").asText().contains("dealt twice"), twice.body());
        assertEquals(before, Stored.digest(node.database().sql()));
        assertEquals(204, send(dealt("cards", v++, "Ah", "Kd", "7c")).statusCode());
        assertEquals(204, send(acted("cards", v++, 1, "check")).statusCode());
        assertEquals(204, send(acted("cards", v++, 2, "check")).statusCode());
        var again = send(dealt("cards", v, "Kd"));
        assertEquals("events[0].cards[0]", IngestClient.problem(again).get("field").asText(), again.body());
        assertTrue(IngestClient.problem(again).get("detail").asText().contains("already on the board"), again.body());
    }

    @Test
    void oneChipIsOneChipInAnswersAndOnThePage() throws Exception {
        long v = handStarted("single", 2);
        var call = send(acted("single", v, 1, "call").put("amount", 2));
        assertEquals(422, call.statusCode(), call.body());
        assertEquals("This call is 1 chip, not 2.", IngestClient.problem(call).get("detail").asText(), call.body());
        assertEquals(204, send(event("player.seated", "single", v).put("seat", 3).put("playerId", "p3").put("name", "P3").put("stack", 1)).statusCode());
        String page = admin.get("/tables/single").body();
        assertTrue(page.contains(">1 chip<") && page.contains(">98 chips<"), page);
    }

    @Test
    void aCommittedRequestIsA204WithNoContentType() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            var answer = post(open("bare"), Map.of("Idempotency-Key", "bare"));
            assertEquals(204, answer.statusCode(), answer.body());
            assertEquals(String.valueOf(1 - attempt), answer.headers().firstValue("X-Events-Applied").orElseThrow());
            assertEquals(java.util.Optional.empty(), answer.headers().firstValue("Content-Type"), "a 204 has no body to type");
            assertEquals("", answer.body());
        }
    }

    private static ObjectNode ended(String table, long version, long pot, int winner) {
        var ended = event("hand.ended", table, version).put("handNo", 1).put("pot", pot);
        ended.putArray("winners").addObject().put("seat", winner).put("amount", pot);
        return ended;
    }

    /**
     * Opens {@code table} (blinds 1/2) with players of 100 chips in seats 1 to {@code players} and
     * starts hand #1 with the button on the last: seat 1 posts 1, seat 2 posts 2, and the next seat
     * (seat 1 heads-up) acts first. Returns the version the next event takes.
     */
    private static long handStarted(String table, int players) throws Exception {
        var events = new java.util.ArrayList<ObjectNode>();
        events.add((ObjectNode) JSON.readTree(open(table)));
        for (int seat = 1; seat <= players; seat++) {
            events.add(event("player.seated", table, seat + 1).put("seat", seat).put("playerId", "p" + seat).put("name", "P" + seat).put("stack", 100));
        }
        events.add(event("hand.started", table, players + 2).put("handNo", 1).put("button", players));
        var answer = post(JSON.writeValueAsString(events), Map.of("Idempotency-Key", table + "-start"));
        assertEquals(204, answer.statusCode(), answer.body());
        return players + 3;
    }

    private static ObjectNode event(String type, String table, long version) {
        return JSON.createObjectNode().put("type", type).put("tableId", table).put("version", version);
    }

    private static ObjectNode acted(String table, long version, int seat, String action) {
        return event("player.acted", table, version).put("handNo", 1).put("seat", seat).put("action", action);
    }

    private static ObjectNode dealt(String table, long version, String... cards) {
        var dealt = event("cards.dealt", table, version).put("handNo", 1);
        java.util.Arrays.stream(cards).forEach(dealt.putArray("cards")::add);
        return dealt;
    }

    /** Sends one event under a key of its own. */
    private static HttpResponse<String> send(ObjectNode event) throws Exception {
        return post(event.toString(), Map.of("Idempotency-Key", "k" + System.nanoTime()));
    }
}
