package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;

/**
 * Requests that wait inside their transaction: one that waited for a table's lock works on the
 * table as the request before it left it, its seats included (PostgreSQL re-reads only the locked
 * row after the wait; the seats joined in the same statement came from before it); one whose key
 * was revoked while it was on its way commits nothing.
 */
class TableLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Switchboard node;
    private static IngestClient server;
    private static long admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000", "INGEST_COMMITTERS", "2"));
        admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(node.port(), node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode seat(long version, int seat) {
        return JSON.createObjectNode().put("type", "player.seated").put("tableId", "lock").put("version", version)
                .put("eventId", "lock/" + version).put("seat", seat).put("playerId", "p" + seat).put("name", "P" + seat).put("stack", 1000);
    }

    @Test
    void aRequestThatWaitedForTheTableSeesTheSeatsTheRequestBeforeItSaved() throws Exception {
        var open = JSON.createObjectNode().put("type", "table.opened").put("tableId", "lock").put("version", 1)
                .put("name", "Lock").put("smallBlind", 5).put("bigBlind", 10).put("seats", 6);
        assertEquals(204, server.post(List.of(open, seat(2, 1), seat(3, 2)), "open-lock").statusCode());
        var sql = node.database().sql();
        try (Connection holder = node.database().openDedicated("test: holds event 4")) {
            // Request A locks the table, reads it, then waits here on the event log's version 4,
            // which this connection has written but not committed.
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                st.execute("insert into poker_events (table_id, version, type, summary) values ('lock', 4, 'player.seated', 'held')");
            }
            CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> server.post(seat(4, 3), null));
            Wait.until("request A to wait on the held event", () -> waiting(sql) >= 1, Duration.ofSeconds(10));
            // Request B reads the table (seats 1 and 2) and waits for A's lock on it.
            CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> server.post(seat(5, 4), null));
            Wait.until("request B to wait for the table", () -> waiting(sql) >= 2, Duration.ofSeconds(10));
            holder.rollback();
            assertEquals(204, a.get().statusCode(), a.get().body());
            assertEquals(204, b.get().statusCode(), b.get().body());
        }
        assertEquals(List.of(1, 2, 3, 4), sql.fetch("select seat from poker_seats where table_id = 'lock' order by seat").getValues(0, Integer.class),
                "B kept the seat A saved while B waited");
        assertEquals(5L, sql.fetchOne("select version from poker_tables where id = 'lock'").get(0, Long.class));
    }

    @Test
    void aRequestWhoseKeyIsRevokedOnItsWayCommitsNothing() throws Exception {
        var sql = node.database().sql();
        var key = node.auth().apiKeys().create("leaving", ApiKeys.SCOPE_INGEST, admin);
        var leaving = new IngestClient(node.port(), key.secret());
        var open = JSON.createObjectNode().put("type", "table.opened").put("tableId", "revoked").put("version", 1)
                .put("name", "Revoked").put("smallBlind", 5).put("bigBlind", 10).put("seats", 6);
        var before = new java.util.HashMap<>(switchboard.testing.Stored.digest(sql));
        try (Connection holder = node.database().openDedicated("test: holds the claim")) {
            // The request's headers pass; its claim then waits on this uncommitted one of the same key.
            holder.setAutoCommit(false);
            try (var st = holder.prepareStatement("insert into ingest_keys (api_key_id, idem_key, body_hash) values (?, 'request:slow', 'x')")) {
                st.setLong(1, key.key().id());
                st.execute();
            }
            CompletableFuture<HttpResponse<String>> request = CompletableFuture.supplyAsync(() -> leaving.post(open, "slow"));
            Wait.until("the request to wait on its claim", () -> waiting(sql) >= 1, Duration.ofSeconds(10));
            node.auth().apiKeys().revoke(key.key().id());
            holder.rollback();
            var answer = request.get();
            assertEquals(401, answer.statusCode(), answer.body());
            assertEquals("/docs/ingest#unauthenticated", IngestClient.problem(answer).get("type").asText());
        }
        var after = new java.util.HashMap<>(switchboard.testing.Stored.digest(sql));
        before.remove("api_keys");
        after.remove("api_keys");
        assertEquals(before, after, "nothing of the request was stored (the key's own row changed: it was revoked)");
        assertEquals(0, sql.fetchCount(switchboard.db.jooq.Tables.POKER_TABLES, switchboard.db.jooq.Tables.POKER_TABLES.ID.eq("revoked")));
    }

    @Test
    void serversOpeningOneTableAtOnceGetOne204AndConflictsThatSayWhatTheTableExpects() throws Exception {
        var requests = new java.util.ArrayList<CompletableFuture<HttpResponse<String>>>();
        var start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            var open = JSON.createObjectNode().put("type", "table.opened").put("tableId", "rush").put("version", 1)
                    .put("name", "Rush " + i).put("smallBlind", 5).put("bigBlind", 10).put("seats", 6);
            String key = "rush-" + i;
            requests.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return server.post(open, key);
            }));
        }
        start.countDown();
        int won = 0;
        for (var request : requests) {
            var answer = request.get();
            if (answer.statusCode() == 204) {
                won++;
                continue;
            }
            assertEquals(409, answer.statusCode(), answer.body());
            var problem = IngestClient.problem(answer);
            assertEquals("/docs/ingest#version-conflict", problem.get("type").asText());
            assertEquals("events[0].version", problem.get("field").asText(), answer.body());
            assertEquals(0, problem.get("index").asInt(), answer.body());
            assertEquals(2, problem.get("expectedVersion").asInt(), answer.body());
        }
        assertEquals(1, won);
        // Opening it again at its next version is no version out of step: the table exists.
        var again = JSON.createObjectNode().put("type", "table.opened").put("tableId", "rush").put("version", 2)
                .put("name", "Rush").put("smallBlind", 5).put("bigBlind", 10).put("seats", 6);
        var refused = server.post(again, "rush-again");
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("events[0].tableId", IngestClient.problem(refused).get("field").asText());
    }

    @Test
    void aWinnersBadAmountIsNamedInsideWinners() {
        var events = List.of(
                JSON.createObjectNode().put("type", "table.opened").put("tableId", "pay").put("version", 1).put("name", "Pay").put("smallBlind", 5).put("bigBlind", 10).put("seats", 6),
                JSON.createObjectNode().put("type", "player.seated").put("tableId", "pay").put("version", 2).put("seat", 1).put("playerId", "a").put("name", "A").put("stack", 1000),
                JSON.createObjectNode().put("type", "player.seated").put("tableId", "pay").put("version", 3).put("seat", 2).put("playerId", "b").put("name", "B").put("stack", 1000),
                JSON.createObjectNode().put("type", "hand.started").put("tableId", "pay").put("version", 4).put("handNo", 1).put("button", 2),
                JSON.createObjectNode().put("type", "player.acted").put("tableId", "pay").put("version", 5).put("handNo", 1).put("seat", 1).put("action", "fold"));
        assertEquals(204, server.post(events, "pay-hand").statusCode());
        var ended = JSON.createObjectNode().put("type", "hand.ended").put("tableId", "pay").put("version", 6).put("handNo", 1).put("pot", 15);
        ended.putArray("winners").add(JSON.createObjectNode().put("seat", 2).put("amount", 15)).add(JSON.createObjectNode().put("seat", 1).put("amount", 0));
        var refused = server.post(ended, "pay-end");
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("events[0].winners[1].amount", IngestClient.problem(refused).get("field").asText(), refused.body());
    }

    /** Ingest transactions of this database waiting on a lock. */
    private static int waiting(org.jooq.DSLContext sql) {
        return sql.fetchOne("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                + " and application_name not like 'test:%'").get(0, Integer.class);
    }
}
