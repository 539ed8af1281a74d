package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/** No page or fragment served to a signed-in account may be kept by a cache: every GET route, as every kind of account. */
class CacheControlTest {
    private static Switchboard node;
    private static WebClient admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("SSE_HEARTBEAT", "100ms"));
        long root = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        admin = WebClient.signedIn(node.port(), "root", "admin password");
        assertEquals(303, admin.post("/chat/threads", Map.of("title", "Plans", "members", "ada")).statusCode());
        assertEquals(303, admin.post("/admin/polls", Map.of("question", "Lunch?", "options", "Yes\nNo", "closesAt", "")).statusCode());
        node.auth().kioskLinks().create("Lobby", root);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static boolean personal(String cacheControl) {
        return cacheControl.contains("no-store") || (cacheControl.contains("private") && cacheControl.contains("no-cache"));
    }

    @Test
    void everyGetRouteAsEverySignedInAccountIsNoStore() {
        var member = WebClient.signedIn(node.port(), "ada", "member password");
        var wrong = new ArrayList<String>();
        for (var route : node.routes().all()) {
            if (!route.method().equals("GET")) {
                continue;
            }
            String path = route.path().equals("/live") ? "/live?topics=presence:main" : route.path().replaceAll("\\{[a-z]+}", "1");
            for (var client : List.of(admin, member)) {
                var answer = client.statusOnly("GET", path, Map.of("Accept", route.path().equals("/live") ? "text/event-stream" : "text/html"));
                String cacheControl = answer.headers().firstValue("Cache-Control").orElse("");
                if (!personal(cacheControl)) {
                    wrong.add("GET " + path + " (" + answer.statusCode() + ") has Cache-Control '" + cacheControl + "'");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void anAttachmentIsRevalidatedOnEveryUse() {
        String boundary = "b" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"pac4jCsrfToken\"\r\n\r\n" + admin.csrf() + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nnotes\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nsecret notes\r\n"
                + "--" + boundary + "--\r\n";
        var posted = admin.send("POST", "/chat/1/messages", body, "multipart/form-data; boundary=" + boundary, Map.of());
        assertEquals(303, posted.statusCode(), posted.body());
        long file = ((Number) node.database().sql().fetchValue("select max(id) from attachments")).longValue();
        var download = admin.get("/chat/1/attachments/" + file);
        assertEquals(200, download.statusCode());
        assertEquals("secret notes", new String(download.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals("private, no-cache", download.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void refusalsOfAnyKindAreNoStore() {
        var anonymous = new WebClient(node.port());
        var wrong = new ArrayList<String>();
        for (String[] request : new String[][] {{"GET", "/chat?_method=POST"}, {"GET", "/no-such-page"}, {"DELETE", "/login"},
                {"GET", "/polls/abc"}, {"GET", "/admin/users"}}) {
            for (var client : List.of(anonymous, admin)) {
                var answer = client.statusOnly(request[0], request[1], Map.of("Accept", "text/html"));
                String cacheControl = answer.headers().firstValue("Cache-Control").orElse("");
                if (answer.statusCode() >= 400 && !cacheControl.contains("no-store")) {
                    wrong.add(request[0] + " " + request[1] + " (" + answer.statusCode() + ") has Cache-Control '" + cacheControl + "'");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
