package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Routes;
import switchboard.testing.Stored;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * Every state-changing route is reachable only by its real method, and its CSRF token only
 * from a header or the body. The routes are the registered ones, so a new route is covered
 * without a new row; the ids in paths name things that exist (thread 1, poll 1, account 1...),
 * so a request that got through would change something.
 */
class RealMethodTest {
    private static final List<String> OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private static Switchboard node;
    private static WebClient admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        long root = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        admin = WebClient.signedIn(node.port(), "root", "admin password");
        assertEquals(303, admin.post("/chat/threads", Map.of("title", "Plans", "members", "ada")).statusCode());
        assertEquals(303, admin.post("/chat/1/messages", Map.of("body", "hello")).statusCode());
        assertEquals(303, admin.post("/admin/polls", Map.of("question", "Lunch?", "options", "Yes\nNo", "closesAt", "")).statusCode());
        node.auth().apiKeys().create("server", ApiKeys.SCOPE_INGEST, root);
        node.auth().kioskLinks().create("Lobby", root);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static List<Routes.Route> stateChanging() {
        return node.routes().all().stream().filter(r -> !r.method().equals("GET")).toList();
    }

    private static String path(Routes.Route route) {
        return route.path().replaceAll("\\{[a-z]+}", "1");
    }

    @Test
    void noStateChangeIsReachableByAMethodOverride() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (Routes.Route route : stateChanging()) {
            for (String header : OVERRIDES) {
                for (String method : List.of("GET", "POST")) {
                    var answer = admin.send(method, path(route), null, null, Map.of(header, route.method(), "pac4jCsrfToken", admin.csrf()));
                    if (answer.statusCode() != 400 || !answer.body().contains(header)) {
                        wrong.add(method + " " + path(route) + " with " + header + ": " + route.method() + " answered " + answer.statusCode());
                    }
                }
            }
            var param = admin.send("GET", path(route) + "?_method=" + route.method(), null, null, Map.of());
            if (param.statusCode() != 400) {
                wrong.add("GET " + path(route) + "?_method=" + route.method() + " answered " + param.statusCode());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
        assertTrue(admin.get("/chat/1").body().contains("Plans"), "thread 1 is still there");
    }

    @Test
    void theCsrfTokenIsNeverTakenFromTheQueryString() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (Routes.Route route : stateChanging()) {
            if (route.access() == Access.INGEST) {
                continue;
            }
            String withToken = path(route) + "?pac4jCsrfToken=" + admin.csrf();
            var answer = admin.send(route.method(), withToken, "", "application/x-www-form-urlencoded", Map.of());
            if (answer.statusCode() != 403) {
                wrong.add(route.method() + " " + withToken + " answered " + answer.statusCode());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void aBodyThatIsNoFormIs415OnEveryFormAddress() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (Routes.Route route : stateChanging()) {
            if (route.access() == Access.INGEST) {
                continue;
            }
            // Read as a form regardless of its type, this passed the edge's checks: a NUL reached
            // PostgreSQL (500) and a text-direction override was stored in a thread's title.
            String body = "pac4jCsrfToken=" + admin.csrf() + "&title=Pay%E2%80%AEgpj.exe&body=ctl%00nul&members=ada";
            for (String type : new String[] {"text/plain", "application/json", null}) {
                var answer = admin.send(route.method(), path(route), body, type, Map.of("pac4jCsrfToken", admin.csrf()));
                if (answer.statusCode() != 415 || !answer.body().contains("takes a form")) {
                    wrong.add(route.method() + " " + path(route) + " with " + type + " answered " + answer.statusCode());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void aFieldSentTwiceOrABrokenPercentEscapeIsA400OnEveryForm() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (Routes.Route route : stateChanging()) {
            if (route.access() == Access.INGEST) {
                continue;
            }
            // Fields the routes read, sent twice: a handler reading the first would act on it.
            String csrf = "pac4jCsrfToken=" + admin.csrf();
            String twice = csrf + "&status=enabled&status=disabled&title=a&title=b&body=one&body=two&confirmed=yes&confirmed=yes";
            var answer = admin.send(route.method(), path(route), twice, "application/x-www-form-urlencoded", Map.of());
            if (answer.statusCode() != 400 || !answer.body().contains("was sent 2 times")) {
                wrong.add(route.method() + " " + path(route) + " with fields twice answered " + answer.statusCode());
            }
            var broken = admin.send(route.method(), path(route), csrf + "&title=ab%zzcd&body=x%2", "application/x-www-form-urlencoded", Map.of());
            if (broken.statusCode() != 400 || !broken.body().contains("broken percent-escape")) {
                wrong.add(route.method() + " " + path(route) + " with a broken escape answered " + broken.statusCode());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
        // A client library refuses to send such an address: the browser's address bar does not.
        try (var socket = new java.net.Socket("127.0.0.1", node.port())) {
            socket.getOutputStream().write(("GET /chat/1?q=%zz HTTP/1.1\r\nHost: localhost\r\nCookie: sb_session=" + admin.cookie("sb_session")
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String query = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(query.startsWith("HTTP/1.1 400"), query);
            assertTrue(query.contains("broken percent-escape ('%zz' at position 3)"), query);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
