package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_SEATS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
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

class IngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Switchboard node;
    private static IngestClient server;
    private static long admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000", "MAX_BODY_BYTES", "200000"));
        admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(node.port(), node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Everything the ingest API stores, to show a refused request changed none of it. */
    private static String stored() {
        var sql = node.database().sql();
        return sql.selectFrom(POKER_TABLES).orderBy(POKER_TABLES.ID).fetch().formatCSV()
                + sql.selectFrom(POKER_SEATS).orderBy(POKER_SEATS.TABLE_ID, POKER_SEATS.SEAT).fetch().formatCSV()
                + sql.fetchCount(POKER_EVENTS) + "/" + sql.fetchCount(switchboard.db.jooq.Tables.INGEST_KEYS);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        var problem = IngestClient.problem(response);
        assertEquals("/docs/ingest#" + type, problem.get("type").asText(), response.body());
        if (field != null) {
            assertEquals(field, problem.path("field").asText(), response.body());
        }
        assertTrue(problem.get("detail").asText().length() > 10, response.body());
    }

    private static List<ObjectNode> openedTable(String id) {
        var sim = new PokerSimulator(id, 3, 1);
        var events = sim.open();
        assertEquals(204, server.post(events, null).statusCode());
        return events;
    }

    private static ObjectNode event(String type, String table, long version) {
        return JSON.createObjectNode().put("type", type).put("tableId", table).put("version", version).put("eventId", table + "/" + type + "/" + version + "/" + System.nanoTime());
    }

    @Test
    void theTablesListUpdatesLiveWhenAGameServerOpensATable() throws Exception {
        var viewer = switchboard.testing.WebClient.signedIn(node.port(), "root", "admin password");
        String html = viewer.get("/tables").body();
        var m = java.util.regex.Pattern.compile("sse-connect=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "the list names its stream");
        String url = m.group(1).replace("&amp;", "&");
        assertTrue(url.startsWith("/live?topics=tables&since="), "the list follows the 'tables' topic: " + url);
        try (var stream = switchboard.testing.SseClient.open(node.port(), url, null, "sb_session=" + viewer.cookie("sb_session"))) {
            openedTable("live-list");
            stream.await("the list to show the new table", c -> c.events().stream()
                    .anyMatch(e -> "tables-list".equals(e.event()) && e.data().contains("live-list")), java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void aRetryWhoseJsonNamesTheFieldsInAnotherOrderIsARetryNotAConflict() {
        String first = "{\"type\":\"table.opened\",\"tableId\":\"reordered\",\"version\":1,\"name\":\"Reordered\",\"seats\":6,\"smallBlind\":1,\"bigBlind\":2,\"meta\":{\"a\":1,\"b\":[{\"x\":1,\"y\":2}]}}";
        String reordered = "{\"meta\":{\"b\":[{\"y\":2,\"x\":1}],\"a\":1},\"bigBlind\":2,\"smallBlind\":1,\"seats\":6,\"name\":\"Reordered\",\"version\":1,\"tableId\":\"reordered\",\"type\":\"table.opened\"}";
        var applied = server.postRaw(first, "reorder-key");
        assertEquals(204, applied.statusCode(), applied.body());
        String before = stored();
        var retried = server.postRaw(reordered, "reorder-key");
        assertEquals(204, retried.statusCode(), retried.body());
        assertEquals("0", retried.headers().firstValue("X-Events-Applied").orElseThrow(), "the retry applies nothing");
        assertEquals(before, stored());
        var changed = server.postRaw(reordered.replace("\"Reordered\"", "\"Other\""), "reorder-key");
        assertEquals(409, changed.statusCode(), "a different body under the same key is still a conflict");
    }

    @Test
    void everyErrorClassIsAnsweredAndChangesNothing() {
        openedTable("errors");
        var keys = node.auth().apiKeys();
        var revoked = keys.create("old", ApiKeys.SCOPE_INGEST, admin);
        keys.revoke(revoked.key().id());
        var start = event("hand.started", "errors", 5).put("handNo", 1).put("button", 1);
        assertEquals(204, server.post(start, null).statusCode());
        // seat 1 is the button, 2 posts 5, 3 posts 10: seat 1 is first to act.
        String before = stored();

        assertProblem(server.postRaw("{\"type\": ", "k1"), 400, "invalid-json", null);
        assertProblem(server.postRaw("42", "k2"), 400, "invalid-json", null);
        assertProblem(server.post(event("table.exploded", "errors", 6), null), 422, "rule-violation", "events[0].type");
        assertProblem(server.post(event("player.acted", "errors", 6).put("handNo", 1).put("seat", 1).put("action", "bet").put("amount", 5000), null), 422, "rule-violation", "events[0].action");
        assertProblem(server.post(event("player.acted", "errors", 6).put("handNo", 1).put("seat", 1).put("action", "raise").put("amount", 5000), null), 422, "rule-violation", "events[0].amount");
        assertProblem(server.post(event("player.acted", "errors", 6).put("handNo", 1).put("seat", 2).put("action", "call"), null), 422, "rule-violation", "events[0].seat");
        assertProblem(server.post(event("player.seated", "nowhere", 2).put("seat", 1), null), 422, "unknown-table", "events[0].tableId");
        var stale = server.post(event("player.acted", "errors", 9).put("handNo", 1).put("seat", 1).put("action", "fold"), null);
        assertProblem(stale, 409, "version-conflict", "events[0].version");
        assertEquals(6, IngestClient.problem(stale).get("expectedVersion").asLong());
        var noKey = server.post(event("player.acted", "errors", 6).put("handNo", 1).put("seat", 1).put("action", "fold").without("eventId"), null);
        assertProblem(noKey, 400, "missing-idempotency-key", "events[0].eventId");
        assertProblem(new IngestClient(node.port(), null).post(event("table.closed", "errors", 6), null), 401, "unauthenticated", null);
        assertProblem(new IngestClient(node.port(), revoked.secret()).post(event("table.closed", "errors", 6), null), 401, "unauthenticated", null);
        String item = "{\"x\":\"" + "y".repeat(1000) + "\"},";
        assertProblem(server.postRaw("[" + item.repeat(250) + "{}]", "big"), 413, "too-large", null);
        var tooMany = new ArrayList<ObjectNode>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(JSON.createObjectNode().put("v", i));
        }
        assertProblem(server.post(tooMany, "many"), 422, "batch-size", null);

        // A batch is all or nothing: the third event is out of turn, so the first two are not kept.
        var batch = List.of(
                event("player.acted", "errors", 6).put("handNo", 1).put("seat", 1).put("action", "call").put("amount", 10),
                event("player.acted", "errors", 7).put("handNo", 1).put("seat", 2).put("action", "call").put("amount", 5),
                event("player.acted", "errors", 8).put("handNo", 1).put("seat", 2).put("action", "check"));
        var refused = server.post(batch, null);
        assertProblem(refused, 422, "rule-violation", "events[2].seat");
        assertEquals(2, IngestClient.problem(refused).get("index").asInt());
        assertEquals(before, stored(), "no refused request changed anything");
    }

    @Test
    void aRetryChangesNothingAndAReusedKeyWithAnotherBodyIs409() {
        var events = openedTable("retries");
        String before = stored();
        assertEquals(204, server.post(events, null).statusCode(), "the same events again: already applied");
        assertEquals("0", server.post(events, null).headers().firstValue("X-Events-Applied").orElseThrow());
        assertEquals(before, stored());

        var seat = event("player.left", "retries", 5).put("seat", 3);
        assertEquals(204, server.post(seat, "leave-3").statusCode());
        String after = stored();
        assertEquals(204, server.post(seat, "leave-3").statusCode());
        assertEquals(after, stored());
        assertProblem(server.post(event("table.closed", "retries", 6), "leave-3"), 409, "idempotency-conflict", null);
        var twice = event("player.left", "retries", 6).put("seat", 2);
        var doubled = server.post(List.of(twice, twice), null);
        assertEquals(204, doubled.statusCode(), doubled.body());
        assertEquals("1", doubled.headers().firstValue("X-Events-Applied").orElseThrow(), "the same event twice in one batch applies once");
        after = stored();
        var changed = events.getLast().deepCopy().put("stack", 5);
        assertProblem(server.post(changed, null), 409, "idempotency-conflict", "events[0].eventId");
        assertEquals(after, stored());
    }

    @Test
    void idempotencyKeysAreForgottenAfterTheirRetention() {
        openedTable("retention");
        var sql = node.database().sql();
        var keys = switchboard.db.jooq.Tables.INGEST_KEYS;
        int before = sql.fetchCount(keys);
        sql.update(keys).set(keys.CREATED_AT, java.time.OffsetDateTime.now().minusDays(8)).where(keys.IDEM_KEY.like("event:retention:%")).execute();
        int forgotten = Ingest.forgetKeysOlderThan(sql, java.time.Duration.ofDays(7));
        assertEquals(4, forgotten, "table.opened and three seats");
        assertEquals(before - 4, sql.fetchCount(keys));
    }

    @Test
    void twoRacingRequestsWithOneKeyHaveOneEffectAndBothGet204() throws Exception {
        openedTable("race");
        for (int round = 0; round < 5; round++) {
            var body = round % 2 == 0
                    ? event("player.left", "race", 5 + round).put("seat", 1)
                    : event("player.seated", "race", 5 + round).put("seat", 1).put("playerId", "r" + round).put("name", "R" + round).put("stack", 100);
            var barrier = new CyclicBarrier(2);
            var sent = body;
            String key = "race-" + round;
            try (var pool = Executors.newFixedThreadPool(2)) {
                var a = CompletableFuture.supplyAsync(() -> awaitThen(barrier, () -> server.post(sent, key)), pool);
                var b = CompletableFuture.supplyAsync(() -> awaitThen(barrier, () -> server.post(sent, key)), pool);
                assertEquals(204, a.get().statusCode(), a.get().body());
                assertEquals(204, b.get().statusCode(), b.get().body());
                assertEquals(1, Integer.parseInt(a.get().headers().firstValue("X-Events-Applied").orElseThrow())
                        + Integer.parseInt(b.get().headers().firstValue("X-Events-Applied").orElseThrow()));
            }
            assertEquals(5 + round, node.database().sql().fetchValue(POKER_TABLES.VERSION, POKER_TABLES.ID.eq("race")));
        }
    }

    private static <T> T awaitThen(CyclicBarrier barrier, java.util.function.Supplier<T> action) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return action.get();
    }

    @Test
    void aSimulatedServerPlaysAHundredHandsWithRetriesAndTheStoredTableMatches() {
        var sim = new PokerSimulator("sim-1", 6, 42);
        var random = new java.util.Random(7);
        var sentBefore = new ArrayList<ObjectNode>();
        sendAll(sim.open(), random, sentBefore);
        for (int hand = 0; hand < 100; hand++) {
            sendAll(sim.playHand(), random, sentBefore);
        }
        var sql = node.database().sql();
        var table = sql.selectFrom(POKER_TABLES).where(POKER_TABLES.ID.eq("sim-1")).fetchOne();
        assertEquals(sim.version(), table.getVersion());
        assertEquals(100, table.getHandNo());
        assertEquals(false, table.getHandRunning());
        assertEquals(0, table.getPot());
        var seats = sql.selectFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq("sim-1")).orderBy(POKER_SEATS.SEAT).fetch();
        assertEquals(sim.players().size(), seats.size());
        for (var seat : seats) {
            var player = sim.players().get(seat.getSeat());
            assertEquals(player.id, seat.getPlayerId());
            assertEquals(player.stack, seat.getStack(), "stack of seat " + seat.getSeat());
        }
        assertEquals(sim.version(), sql.fetchCount(POKER_EVENTS, POKER_EVENTS.TABLE_ID.eq("sim-1")));
    }

    /** Sends the events singly or in batches, and now and then resends some already accepted. */
    private static void sendAll(List<ObjectNode> events, java.util.Random random, List<ObjectNode> accepted) {
        int i = 0;
        while (i < events.size()) {
            int n = Math.min(events.size() - i, random.nextBoolean() ? 1 : 1 + random.nextInt(8));
            var batch = events.subList(i, i + n);
            var response = server.post(batch, null);
            assertEquals(204, response.statusCode(), response.body());
            accepted.addAll(batch);
            if (random.nextInt(10) == 0) {
                var retry = accepted.subList(Math.max(0, accepted.size() - 3), accepted.size());
                var again = server.post(retry, null);
                assertEquals(204, again.statusCode(), again.body());
                assertEquals("0", again.headers().firstValue("X-Events-Applied").orElseThrow());
            }
            i += n;
        }
    }
}
