package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;

class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int OUTBOX_LIMIT = 1 << 20;
    private static DatabaseUrl url;
    private static Switchboard node;

    @BeforeAll
    static void start() {
        url = TestDatabase.fresh();
        node = TestNode.start(url, java.util.Map.of("SSE_OUTBOX_BYTES", String.valueOf(OUTBOX_LIMIT)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aChangeCommittedBetweenRenderAndStreamStillReachesThePage() throws Exception {
        var http = HttpClient.newHttpClient();
        String html = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/hold")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var m = Pattern.compile("sse-connect=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "the page names its stream");
        String liveUrl = m.group(1).replace("&amp;", "&");
        assertTrue(html.contains("sse-swap=\"presence-count\">0</span>"), "nobody holds yet");

        insertHold("render-gap-visitor");
        // The hold's own change: the dashboard's tick job may publish just after it.
        long seq = TestDatabase.lastSeqOf(url, "presence:main");
        Wait.until("the node to dispatch the change before the stream opens", () -> node.hub().cursor() >= seq, WAIT);

        try (var client = SseClient.open(node.port(), liveUrl, null)) {
            client.await("the count the page missed", c -> !c.events().isEmpty(), WAIT);
            assertEquals("presence-count", client.events().getFirst().event());
            assertEquals("1", client.events().getFirst().data());
            assertEquals(String.valueOf(seq), client.lastEventId());
        }
    }

    @Test
    void changesCommittedWhileTheListenerIsCutOffArriveAfterItReconnects() throws Exception {
        long since = node.listener().cursor();
        try (var client = SseClient.open(node.port(), "/live?topics=echo:20&since=" + since, null);
             var c = TestDatabase.connect(url)) {
            long before = listenerPid(c);
            c.createStatement().execute("select pg_terminate_backend(" + before + ")");
            for (int i = 0; i < 5; i++) {
                TestDatabase.publish(url, "echo:20", "during-outage", i);
            }
            client.await("the 5 changes from the outage", s -> s.echoSeqs().size() == 5, WAIT);
            Wait.until("the listener to come back on a new connection", () -> {
                long now = listenerPid(c);
                return now != -1 && now != before;
            }, WAIT);
            // The node's own ops reports share the log, so the 5 changes need not be consecutive:
            // the page must get exactly the seqs PostgreSQL committed for its topic, in order.
            assertEquals(TestDatabase.committedSeqs(url, "echo:20", since), client.echoSeqs());
        }
    }

    @Test
    void aClientThatDoesNotReadNeitherDelaysOthersNorGrowsWithoutBound() throws Exception {
        long since = node.listener().cursor();
        try (var slow = new Socket();
             var fast = SseClient.open(node.port(), "/live?topics=echo:30&since=" + since, null)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", node.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /live?topics=echo:30&since=" + since + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Wait.until("both streams to be open", () -> node.hub().connectionCount() >= 2, WAIT);

            // 40 bursts of 20 x 16 KiB: far more than the socket buffers and the outbox bound
            // together. Each burst must reach the reading client before the next is sent: if the
            // stalled client held up dispatch, this would time out.
            int bursts = 40;
            int perBurst = 20;
            long dropsBefore = node.hub().droppedCount();
            for (int b = 1; b <= bursts; b++) {
                TestDatabase.publishMany(url, "echo:30", "big", 16 * 1024, perBurst);
                int expected = b * perBurst;
                fast.await(expected + " changes at the reading client", c -> c.echoSeqs().size() == expected, WAIT);
            }
            Wait.until("the stalled client to be dropped", () -> node.hub().droppedCount() > dropsBefore, WAIT);
            for (Subscriber s : node.hub().subscribers()) {
                assertTrue(s.outboxPeakBytes() <= OUTBOX_LIMIT, "an outbox stayed within its bound: " + s.outboxPeakBytes());
            }
        }
    }

    private static long listenerPid(java.sql.Connection c) {
        try (var rs = c.createStatement().executeQuery("select pid from pg_stat_activity where application_name = '"
                + ChangeListener.APPLICATION_NAME + "' and datname = current_database()")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertHold(String holder) throws SQLException {
        try (var c = TestDatabase.connect(url); var st = c.prepareStatement("insert into hold_sessions (channel, holder) values ('main', ?)")) {
            st.setString(1, holder);
            st.execute();
        }
    }
}
