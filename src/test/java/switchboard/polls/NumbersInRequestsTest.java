package switchboard.polls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * Every id and number a route reads goes through one parser (web/Input): a negative or 19-digit
 * value is refused with the rule it broke, the same words on every route, and a missing one is
 * called missing rather than "not a number".
 */
class NumbersInRequestsTest {
    private static final String RULE = "must be a whole number of 1 to 18 digits, with no sign, spaces or decimal point";
    private static Switchboard node;
    private static WebClient root;
    private static WebClient ada;
    private static long poll;
    private static long thread;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        root = WebClient.newAdmin(node);
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        ada = WebClient.signedIn(node.port(), "ada", "member password");
        var store = new PollStore(node.database().sql());
        poll = store.create("Tea or coffee?", List.of("Tea", "Coffee"), null, node.auth().users().find("root").orElseThrow().id());
        store.setStatus(poll, "active");
        var created = ada.post("/chat/threads", Map.of("title", "Numbers", "members", "ada"));
        assertEquals(303, created.statusCode(), created.body());
        thread = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replace("/chat/", ""));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void refused(HttpResponse<String> answer, String what, String got) {
        assertEquals(400, answer.statusCode(), answer.uri() + ": " + answer.body());
        String body = answer.body().replace("&#39;", "'").replace("&#x27;", "'");
        assertTrue(body.contains("The " + what + " " + RULE + " (got '" + got + "')."), answer.uri() + ": " + body);
    }

    @Test
    void aNegativeOrTooLongIdIsRefusedWithTheRuleOnEveryRoute() {
        String huge = "1234567890123456789";
        for (String bad : new String[] {"-1", huge, "1.5", "+7"}) {
            refused(ada.get("/polls/" + bad), "poll id", bad);
            refused(ada.get("/polls/" + bad + "/kiosk"), "poll id", bad);
            refused(root.get("/admin/polls/" + bad), "poll id", bad);
            refused(ada.post("/polls/" + poll + "/holds", Map.of("option", bad)), "option", bad);
            refused(ada.post("/polls/" + poll + "/votes", Map.of("hold", bad)), "hold", bad);
            refused(ada.withToken("DELETE", "/polls/" + poll + "/holds/" + bad), "hold", bad);
            refused(ada.get("/chat/" + bad), "thread id", bad);
            refused(ada.get("/chat/" + thread + "/messages/" + bad), "message id", bad);
            refused(ada.get("/chat/" + thread + "?message=" + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8)), "message", bad);
        }
    }

    @Test
    void aMissingNumberIsCalledMissing() {
        var older = ada.get("/chat/" + thread + "/messages");
        assertEquals(400, older.statusCode(), older.body());
        String body = older.body().replace("&#39;", "'").replace("&#x27;", "'");
        assertTrue(body.contains("The before is missing from the request: send 'before' as a whole number of 1 to 18 digits"), body);

        var vote = ada.post("/polls/" + poll + "/votes", Map.of());
        assertEquals(400, vote.statusCode(), vote.body());
        assertTrue(vote.body().contains("The hold is missing from the request"), vote.body());
    }
}
