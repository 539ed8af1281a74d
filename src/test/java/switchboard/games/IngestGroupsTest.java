package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
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

/**
 * Group commit (IngestGroups): sixteen game servers send single events at once, one committer
 * applies what waits in one transaction, and every request still gets its own answer. Mixed in:
 * retries (204, nothing applied), events at a version the table is not at (refused inside the
 * transaction, so a group holding one fails and its requests are applied again one by one) and
 * eventIds reused with another body (409). PostgreSQL must then hold exactly the accepted events.
 */
class IngestGroupsTest {
    private static final String TOKEN = "group-commit-test-metrics-token-0123456789";
    private static final int SERVERS = 16;
    private static Switchboard node;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000", "INGEST_COMMITTERS", "1", "METRICS_TOKEN", TOKEN));
        long admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(node.port(), node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** What one game server sent and was told. */
    private record Played(String table, long version, int accepted, List<String> wrong) {
    }

    @Test
    void requestsCommittedTogetherEachGetTheirOwnAnswer() throws Exception {
        var barrier = new CyclicBarrier(SERVERS);
        var futures = new ArrayList<CompletableFuture<Played>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < SERVERS; s++) {
                int seed = s;
                futures.add(CompletableFuture.supplyAsync(() -> play(seed, barrier), threads));
            }
        }
        var sql = node.database().sql();
        for (var future : futures) {
            Played played = future.join();
            assertEquals(List.of(), played.wrong(), played.table() + ": answers that differ from what the request alone gets");
            assertEquals(played.accepted(), sql.fetchCount(POKER_EVENTS, POKER_EVENTS.TABLE_ID.eq(played.table())), played.table() + ": events stored");
            assertEquals(played.version(), sql.select(POKER_TABLES.VERSION).from(POKER_TABLES).where(POKER_TABLES.ID.eq(played.table())).fetchOne(POKER_TABLES.VERSION),
                    played.table() + ": the table's version");
        }
        String metrics = scrape();
        double groups = metric(metrics, "switchboard_ingest_group_requests_count");
        double requests = metric(metrics, "switchboard_ingest_group_requests_sum");
        assertTrue(requests > groups, "some requests were committed together: " + requests + " requests in " + groups + " transactions");
        assertTrue(metric(metrics, "switchboard_ingest_group_split_total") > 0, "some group held a refused request and was split");
    }

    private static Played play(int seed, CyclicBarrier barrier) {
        var sim = new PokerSimulator("group-" + seed, 6, seed);
        var random = new Random(seed);
        List<ObjectNode> events = new ArrayList<>(sim.open());
        for (int hand = 0; hand < 2; hand++) {
            events.addAll(sim.playHand());
        }
        var wrong = new ArrayList<String>();
        int accepted = 0;
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (ObjectNode event : events) {
            long version = event.get("version").asLong();
            if (random.nextInt(100) < 15) {
                // Another event claiming a version the table is not at: refused by the game's rules, in the transaction.
                var ahead = event.deepCopy().put("eventId", event.get("tableId").asText() + ":ahead:" + version).put("version", version + 3);
                expect(wrong, server.post(ahead, null), 409, null, "version-conflict");
            }
            expect(wrong, server.post(event, null), 204, "1", null);
            accepted++;
            if (random.nextInt(100) < 10) {
                expect(wrong, server.post(event, null), 204, "0", null);
            }
            if (random.nextInt(100) < 5) {
                var reused = event.deepCopy().put("version", version + 1);
                expect(wrong, server.post(reused, null), 409, null, "idempotency-conflict");
            }
        }
        return new Played("group-" + seed, sim.version(), accepted, wrong);
    }

    private static void expect(List<String> wrong, HttpResponse<String> response, int status, String applied, String problem) {
        boolean right = response.statusCode() == status
                && (applied == null || applied.equals(response.headers().firstValue("X-Events-Applied").orElse("")))
                && (problem == null || response.body().contains("/docs/ingest#" + problem));
        if (!right) {
            wrong.add(response.statusCode() + " " + response.headers().firstValue("X-Events-Applied").orElse("") + " " + response.body()
                    + " (expected " + status + (applied == null ? "" : " applied " + applied) + (problem == null ? "" : " " + problem) + ")");
        }
    }

    private static String scrape() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static double metric(String metrics, String name) {
        var m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), name + " in /metrics");
        return Double.parseDouble(m.group(2));
    }
}
