package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

class ReplayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DatabaseUrl url;
    private static Switchboard node;

    @BeforeAll
    static void start() {
        url = TestDatabase.fresh();
        node = TestNode.start(url);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void reconnectWithLastEventIdReceivesExactlyTheMissedChanges() throws IOException {
        String topic = "echo:10";
        long head = node.listener().cursor();
        String lastId;
        try (var client = SseClient.open(node.port(), "/live?topics=" + topic + "&since=" + head, null)) {
            publish(topic, 3);
            client.await("the first 3 changes", c -> c.echoSeqs().size() == 3, WAIT);
            lastId = client.lastEventId();
        }
        List<Long> missed = publish(topic, 7);

        try (var client = SseClient.open(node.port(), "/live?topics=" + topic, lastId)) {
            client.await("the 7 missed changes", c -> c.echoSeqs().size() >= 7, WAIT);
            assertEquals(missed, client.echoSeqs(), "exactly the missed changes, in order");
            List<Long> live = publish(topic, 1);
            client.await("a live change after the replay", c -> c.echoSeqs().size() == 8, WAIT);
            assertEquals(live.getFirst(), client.echoSeqs().getLast());
            assertEquals(String.valueOf(live.getFirst()), client.lastEventId());
        }
    }

    @Test
    void theSeqInTheQueryServesTheHtmxReconnectThatSendsNoHeader() throws IOException {
        String topic = "echo:11";
        long since = node.listener().cursor();
        List<Long> missed = publish(topic, 4);
        publish("echo:12", 2); // another topic's changes are not this stream's business
        try (var client = SseClient.open(node.port(), "/live?topics=" + topic + "&since=" + since, null)) {
            client.await("the 4 missed changes", c -> c.echoSeqs().size() >= 4, WAIT);
            assertEquals(missed, client.echoSeqs());
            assertNotNull(client.retry(), "the server sets a retry delay");
            assertTrue(client.retry() >= 2000 && client.retry() <= 5000, "retry is jittered between 2 and 5 s");
        }
    }

    @Test
    void aSeqOlderThanRetentionGetsFreshSnapshotsOrAReload() throws IOException, SQLException {
        publish("echo:13", 3);
        try (var c = TestDatabase.connect(url)) {
            c.createStatement().execute("delete from change_log where seq <= 2");
        }
        try (var client = SseClient.open(node.port(), "/live?topics=presence:main", "1")) {
            client.await("a snapshot of the count", c -> !c.events().isEmpty(), WAIT);
            assertEquals("presence-count", client.events().getFirst().event());
            assertEquals("0", client.events().getFirst().data());
        }
        try (var client = SseClient.open(node.port(), "/live?topics=echo:13", "1")) {
            client.await("a reload", c -> !c.events().isEmpty(), WAIT);
            assertEquals("reload", client.events().getFirst().event());
        }
    }

    @Test
    void retentionDeletesOnlyFromTheStartOfTheLogSoAResumeNeverCrossesAHole() throws IOException, SQLException {
        List<Long> seqs = publish("echo:14", 3);
        var sql = node.database().sql();
        // The last change's writer had its transaction open for two hours: published long ago, sequenced last.
        sql.execute("update change_log set at = now() - interval '2 hours' where seq = ?", seqs.get(2));
        ChangeFeed.deleteOlderThan(sql, Duration.ofHours(1), 10_000);
        assertEquals(3, sql.fetchCount(sql.selectFrom("change_log").where("seq between ? and ?", seqs.get(0), seqs.get(2))),
                "a change younger than the retention comes before it: nothing of these three goes");
        sql.execute("update change_log set at = now() - interval '2 hours' where seq <= ?", seqs.get(0));
        ChangeFeed.deleteOlderThan(sql, Duration.ofHours(1), 10_000);
        var left = sql.fetch("select seq from change_log order by seq").getValues(0, Long.class);
        assertEquals(seqs.get(1), left.getFirst(), "the old start went, up to the first young change");
        assertEquals(left.getLast() - left.getFirst() + 1, left.size(), "no hole: " + left);
        try (var client = SseClient.open(node.port(), "/live?topics=echo:14", String.valueOf(seqs.get(0) - 1))) {
            client.await("a reload", c -> !c.events().isEmpty(), WAIT);
            assertEquals("reload", client.events().getFirst().event(), "a resume from before the deleted start reloads");
        }
    }

    @Test
    void badTopicsAndBadIdsGet400WithAMessage() throws IOException {
        assertBadRequest("/live", null, "'topics' is required");
        assertBadRequest("/live?topics=nosuchkind", null, "unknown topic kind 'nosuchkind'");
        assertBadRequest("/live?topics=presence:Main%21", null, "malformed");
        assertBadRequest("/live?topics=presence", null, "needs an id");
        assertBadRequest("/live?topics=echo:014", null, "without leading zeros (echo:14)");
        assertBadRequest("/live?topics=" + String.join(",", LongStream.range(0, 40).mapToObj(i -> "echo:" + i).toList()), null, "too many topics");
        assertBadRequest("/live?topics=presence:main", "12abc", "Last-Event-ID");
        assertBadRequest("/live?topics=presence:main", "-5", "Last-Event-ID");
        assertBadRequest("/live?topics=presence:main&since=99999999999999999999999", null, "'since'");
        assertBadRequest("/live?topics=presence:main&lastEventId=x", null, "'lastEventId'");
        assertBadRequest("/live?topics=presence:main&topics=presence:other", null, "separated by commas");
        assertBadRequest("/live?topics=presence:main&since=1&since=2", null, "'since' once");
    }

    private static void assertBadRequest(String path, String lastEventId, String messagePart) throws IOException {
        var c = SseClient.request(node.port(), path, lastEventId);
        assertEquals(400, c.getResponseCode(), path);
        String body = new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.contains(messagePart), path + " answered: " + body);
    }

    private static List<Long> publish(String topic, int n) {
        return LongStream.range(0, n).mapToObj(i -> {
            TestDatabase.publish(url, topic, "ping", i);
            return TestDatabase.lastSeqOf(url, topic);
        }).toList();
    }
}
