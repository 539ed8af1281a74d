package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/** Every redirect the site makes after sign-in and logout stays on the site, whatever it is asked. */
class RedirectTest {
    /** Targets that browsers read as another site, or that are not a path at all. */
    private static final List<String> OFF_SITE = List.of("//evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
            "/%09/evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example", "/ /evil.example", "", "/\u3000/evil.example",
            "/%2F%2Fevil.example", "/%2f/evil.example", "/%5C/evil.example");

    private static Switchboard node;
    private static Switchboard httpsNode;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        httpsNode = TestNode.start(TestDatabase.fresh(), Map.of("PUBLIC_URL", "https://switchboard.example.org"));
        httpsNode.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        node.close();
        httpsNode.close();
    }

    private static String location(java.net.http.HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("(none)");
    }

    @Test
    void logoutGoesOnlyToSameSitePaths() {
        var wrong = new ArrayList<String>();
        for (String target : OFF_SITE) {
            var browser = WebClient.signedIn(node.port(), "ada", "member password");
            var byQuery = browser.send("POST", "/logout?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
                    "pac4jCsrfToken=" + browser.csrf(), "application/x-www-form-urlencoded", Map.of());
            if (!(byQuery.statusCode() == 400 || location(byQuery).equals("/"))) {
                wrong.add("url=" + target + " (query) went to " + location(byQuery));
            }
            browser = WebClient.signedIn(node.port(), "ada", "member password");
            var byForm = browser.post("/logout", Map.of("url", target));
            if (!(byForm.statusCode() == 400 || location(byForm).equals("/"))) {
                wrong.add("url=" + target + " (form) went to " + location(byForm));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        var browser = WebClient.signedIn(node.port(), "ada", "member password");
        assertEquals("/polls?filter=closed", location(browser.post("/logout", Map.of("url", "/polls?filter=closed"))), "a same-site path is kept");
    }

    @Test
    void signInReturnsToThePageAskedForAndNowhereElse() {
        var browser = new WebClient(node.port());
        var asked = browser.get("/polls?filter=closed");
        assertEquals("/login?next=%2Fpolls%3Ffilter%3Dclosed", location(asked));
        var login = browser.get(location(asked));
        assertTrue(login.body().contains("name=\"next\" value=\"/polls?filter=closed\""), login.body());
        browser.get("/login");
        var signedIn = browser.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", "member password", "next", "/polls?filter=closed"));
        assertEquals("/polls?filter=closed", location(signedIn));

        var wrong = new ArrayList<String>();
        for (String target : OFF_SITE) {
            var other = new WebClient(node.port());
            other.get("/login");
            var answer = other.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", "member password", "next", target));
            if (!(answer.statusCode() == 400 || location(answer).equals("/"))) {
                wrong.add("next=" + target + " went to " + location(answer));
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aFailedSignInKeepsThePageToReturnToAndNamesNoException() {
        var browser = new WebClient(node.port());
        browser.get("/login?next=%2Fchat");
        var wrong = browser.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", "wrong", "next", "/chat"));
        assertEquals(303, wrong.statusCode(), wrong.body());
        String again = location(wrong);
        assertTrue(again.startsWith("/login?") && again.contains("next=%2Fchat") && again.contains("error=signin"), again);
        assertFalse(again.contains("Exception"), again);
        var page = browser.get(again).body();
        assertTrue(page.contains("do not match") && page.contains("name=\"next\" value=\"/chat\""), page);
        var right = browser.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", "member password", "next", "/chat"));
        assertTrue(location(right).endsWith("/chat"), "the right password then goes where the person was going: " + location(right));
    }

    @Test
    void aFailedSignInWithAUsernameTooLongForARedirectStillSaysSo() {
        for (int length : List.of(300, 5_000, 20_000)) {
            var browser = new WebClient(node.port());
            browser.get("/login");
            var answer = browser.post("/callback?client_name=FormClient", Map.of("username", "a".repeat(length), "password", "x"));
            assertEquals(303, answer.statusCode(), answer.body());
            assertTrue(location(answer).startsWith("/login?") && location(answer).contains("error="), length + ": " + location(answer));
            assertTrue(browser.get(location(answer)).body().contains("do not match"), "the login page says the sign-in failed");
        }
    }

    @Test
    void aForgedHostHeaderDoesNotChooseWhereSignInLeads() throws IOException {
        String head = raw(node.port(), "GET /chat HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(head.contains("Location: /login?next=%2Fchat"), head);
        String https = raw(httpsNode.port(), "GET /chat HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(!https.contains("evil.example"), https);
    }

    @Test
    void withAnHttpsPublicUrlRedirectsUseItAndEveryCookieIsSecure() {
        var visitor = new WebClient(httpsNode.port());
        var page = visitor.get("/hold");
        assertTrue(page.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("sb_visitor=") && c.contains("Secure")),
                page.headers().allValues("Set-Cookie").toString());
        var login = visitor.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", "member password", "next", "/stats"));
        assertEquals("https://switchboard.example.org/stats", location(login));
        assertTrue(login.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("sb_session=") && c.contains("Secure")));
        visitor.get("/");
        assertEquals("https://switchboard.example.org/", location(visitor.post("/logout", Map.of("url", "//evil.example"))));
    }

    private static String raw(int port, String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            return end < 0 ? all : all.substring(0, end);
        }
    }
}
