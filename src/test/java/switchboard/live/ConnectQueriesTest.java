package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * What opening {@code /live} costs the database in the common case (issue 13): a signed-in chat
 * page's stream reads its session, its account and its right to every one of its topics (the open
 * thread and the thread lines by membership, the inbox by its id) in one query; a visitor on a public topic costs
 * none. The node's background jobs share the query counter, so each figure is the least of a
 * few connects: a connect never costs less than its own queries.
 */
class ConnectQueriesTest {
    private static final Pattern LIVE_URL = Pattern.compile("sse-connect=\"(/live\\?[^\"]+)\"");
    private static Switchboard node;
    private static WebClient ada;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        node.auth().users().create("grace", "Grace", "member password", Role.MEMBER);
        node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
        node.auth().users().create("sam", "Sam", "staff password", Role.STAFF);
        ada = WebClient.signedIn(node.port(), "ada", "member password");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aSignedInChatPageOpensItsStreamWithOneQuery() throws Exception {
        long thread = 0;
        for (int i = 0; i < 3; i++) {
            var created = ada.post("/chat/threads", Map.of("title", "Line " + i, "members", "grace"));
            assertEquals(303, created.statusCode(), created.body());
            thread = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replace("/chat/", ""));
        }
        var page = ada.get("/chat/" + thread);
        assertEquals(200, page.statusCode());
        var m = LIVE_URL.matcher(page.body());
        assertTrue(m.find(), "the chat page names its stream");
        String path = m.group(1).replace("&amp;", "&");
        assertTrue(path.contains("thread:" + thread) && path.contains("threadsum:") && path.contains("inbox:"), path);
        String cookie = "sb_session=" + ada.cookie("sb_session");
        long least = leastQueries(path, cookie);
        assertEquals(1, least, "opening " + path + " should read the session, its account and the thread, its lines and the inbox's rights in one statement");
    }

    @Test
    void pollAndRecordsPagesOpenTheirStreamsWithOneQueryToo() throws Exception {
        var root = WebClient.signedIn(node.port(), "root", "admin password");
        assertEquals(303, root.post("/admin/polls", Map.of("question", "Lunch?", "options", "Yes\nNo", "closesAt", "")).statusCode());
        assertEquals(303, root.post("/admin/polls/1/status", Map.of("status", "active")).statusCode());
        var sam = WebClient.signedIn(node.port(), "sam", "staff password");
        var pages = Map.of("/polls/1", ada, "/records/beneficiaries", root, "/records/tasks", sam);
        for (var page : pages.entrySet()) {
            var answer = page.getValue().get(page.getKey());
            assertEquals(200, answer.statusCode(), page.getKey());
            var m = LIVE_URL.matcher(answer.body());
            assertTrue(m.find(), page.getKey() + " names its stream");
            String path = m.group(1).replace("&amp;", "&");
            assertEquals(1, leastQueries(path, "sb_session=" + page.getValue().cookie("sb_session")), "opening " + path);
        }
    }

    @Test
    void aVisitorOnAPublicTopicCostsNoQuery() throws Exception {
        assertEquals(0, leastQueries("/live?topics=presence:main&since=" + node.hub().cursor(), null));
    }

    private static long leastQueries(String path, String cookie) throws Exception {
        long least = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 8 && least > 0; attempt++) {
            long before = node.database().queryCount();
            try (var stream = SseClient.open(node.port(), path, null, cookie)) {
                least = Math.min(least, node.database().queryCount() - before);
            }
        }
        return least;
    }
}
