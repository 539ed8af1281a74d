package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/**
 * Every topic kind, followed by every kind of caller, against the same rule as the kind's page:
 * a new kind fails this test until its rows are added. A draft poll streams to admins only.
 * Each topic is asked for fresh and as a resumed stream ({@code since=0}), which replays.
 */
class TopicAccessTest {
    private static final List<String> CALLERS = List.of("anonymous", "member", "outsider", "kiosk", "admin");
    /** Topic (with placeholders) → expected answer for anonymous, member, outsider (a member of nothing), kiosk, admin. */
    private static final Map<String, List<String>> EXPECTED = new LinkedHashMap<>();

    static {
        expect("account:{member}", "403 200 403 403 403");
        expect("inbox:{member}", "403 200 403 403 403");
        expect("thread:{thread}", "403 200 403 403 200");
        expect("threadsum:{thread}", "403 200 403 403 200");
        expect("presence:main", "200 200 200 200 200");
        expect("poll:{activePoll}", "403 200 200 200 200");
        expect("poll:{draftPoll}", "403 403 403 403 200");
        expect("poll:999999", "403 403 403 403 403");
        expect("polls", "403 200 200 200 200");
        expect("stats", "403 200 200 200 200");
        expect("tables", "403 200 200 200 200");
        expect("table:t1", "403 200 200 200 200");
        expect("echo:1", "200 200 200 200 200");
        expect("fragile:1", "200 200 200 200 200");
    }

    private static Switchboard node;
    private static final Map<String, WebClient> clients = new LinkedHashMap<>();
    private static final Map<String, String> ids = new LinkedHashMap<>();

    private static void expect(String topic, String answers) {
        EXPECTED.put(topic, List.of(answers.split(" ")));
    }

    @BeforeAll
    static void start() {
        // Each check opens a stream and walks away from it: a short heartbeat finds them gone
        // soon, and the cap is above the checks one account makes.
        node = TestNode.start(TestDatabase.fresh(), Map.of("SSE_HEARTBEAT", "100ms", "LIVE_STREAMS_PER_ACCOUNT", "100"));
        var users = node.auth().users();
        long root = users.create("root", "Root", "admin password", Role.ADMIN).id();
        ids.put("member", String.valueOf(users.create("ada", "Ada", "member password", Role.MEMBER).id()));
        users.create("bob", "Bo", "member password", Role.MEMBER);
        String kioskToken = node.auth().kioskLinks().create("Lobby", root).token();

        var admin = WebClient.signedIn(node.port(), "root", "admin password");
        assertEquals(303, admin.post("/chat/threads", Map.of("title", "Plans", "members", "ada")).statusCode());
        ids.put("thread", "1");
        assertEquals(303, admin.post("/admin/polls", Map.of("question", "Open?", "options", "Yes\nNo", "closesAt", "")).statusCode());
        assertEquals(303, admin.post("/admin/polls/1/status", Map.of("status", "active")).statusCode());
        assertEquals(303, admin.post("/admin/polls", Map.of("question", "Secret plan?", "options", "A\nB", "closesAt", "")).statusCode());
        ids.put("activePoll", "1");
        ids.put("draftPoll", "2");

        clients.put("anonymous", new WebClient(node.port()));
        clients.put("member", WebClient.signedIn(node.port(), "ada", "member password"));
        clients.put("outsider", WebClient.signedIn(node.port(), "bob", "member password"));
        var kiosk = new WebClient(node.port());
        assertEquals(302, kiosk.get("/kiosk/" + kioskToken).statusCode());
        clients.put("kiosk", kiosk);
        clients.put("admin", admin);
        assertEquals(404, clients.get("member").get("/polls/2").statusCode(), "the page's rule: a draft is not shown to members");
        assertEquals(200, admin.get("/polls/2").statusCode(), "nor hidden from admins");
    }

    @AfterAll
    static void stop() {
        Wait.until("the abandoned streams to be noticed", () -> node.hub().connectionCount() == 0, java.time.Duration.ofSeconds(10));
        node.close();
    }

    @Test
    void everyTopicKindHasRows() {
        var kinds = new TreeSet<String>();
        EXPECTED.keySet().forEach(t -> kinds.add(t.contains(":") ? t.substring(0, t.indexOf(':')) : t));
        assertEquals(new TreeSet<>(node.topics().names()), kinds, "topic kinds without rows here (or rows for kinds that are gone)");
    }

    @Test
    void everyCallerGetsThePagesAnswerOnEveryTopicFreshAndOnReplay() {
        var wrong = new ArrayList<String>();
        EXPECTED.forEach((template, answers) -> {
            String topic = template;
            for (var id : ids.entrySet()) {
                topic = topic.replace("{" + id.getKey() + "}", id.getValue());
            }
            for (int i = 0; i < CALLERS.size(); i++) {
                for (String resume : List.of("", "&since=0")) {
                    var answer = clients.get(CALLERS.get(i)).statusOnly("GET", "/live?topics=" + topic + resume, Map.of("Accept", "text/event-stream"));
                    if (!String.valueOf(answer.statusCode()).equals(answers.get(i))) {
                        wrong.add(topic + resume + " as " + CALLERS.get(i) + ": expected " + answers.get(i) + ", got " + answer.statusCode());
                    }
                }
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
