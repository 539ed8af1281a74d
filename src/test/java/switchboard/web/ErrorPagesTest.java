package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

class ErrorPagesTest {
    private static final Map<String, String> BROWSER = Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    private static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("MAX_BODY_BYTES", "2048"));
        node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void isPage(HttpResponse<String> response, int status, String title, String says) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), response.headers().toString());
        String body = response.body();
        assertTrue(body.contains("<html lang=\"en\">"), body);
        assertTrue(body.contains("<title>" + title + " · Switchboard</title>"), body);
        assertTrue(body.contains("<h1>"), body);
        assertTrue(body.contains(says), body);
        assertTrue(body.contains("<a href=\"/\">Home page</a>"), body);
    }

    @Test
    void aBrowserGetsErrorsAsPagesInTheLayout() {
        var anonymous = new WebClient(node.port());
        isPage(anonymous.send("GET", "/no/such/page", null, null, BROWSER), 404, "Page not found", "address has a typo");

        var ada = WebClient.signedIn(node.port(), "ada", "member password");
        var missingThread = ada.send("GET", "/chat/424242", null, null, BROWSER);
        isPage(missingThread, 404, "Page not found", "There is no thread 424242");
        assertTrue(missingThread.body().contains("Signed in as <strong>Ada Lovelace</strong>"), missingThread.body());
        isPage(ada.send("GET", "/admin/users", null, null, BROWSER), 403, "Not allowed", "may not do this");

        String big = "title=" + "x".repeat(4096) + "&pac4jCsrfToken=" + ada.csrf();
        var headers = new java.util.HashMap<>(BROWSER);
        isPage(ada.send("POST", "/chat/threads", big, "application/x-www-form-urlencoded", headers), 413, "Too large", "limit");

        // A refused form's page leads back to the form's page (history.back keeps the typing); never off the site.
        headers.put("Referer", "http://localhost:" + node.port() + "/chat?q=x");
        // (The chat and poll forms refuse a control character themselves, on the form as typed: /account's is the edge's page.)
        var refused = ada.send("POST", "/account/password", "current=" + "\u202E".repeat(1) + "x&pac4jCsrfToken=" + ada.csrf(), "application/x-www-form-urlencoded", headers);
        isPage(refused, 400, "Bad request", "text-direction control");
        assertTrue(refused.body().contains("<a href=\"/chat?q=x\" data-back>Back to the page you were on</a>"), refused.body());
        headers.put("Referer", "https://evil.example//evil.example/x");
        assertFalse(ada.send("POST", "/account/password", "current=%E2%80%AEx&pac4jCsrfToken=" + ada.csrf(), "application/x-www-form-urlencoded", headers)
                .body().contains("evil.example"), "no way off the site");
    }

    @Test
    void apiHtmxAndStreamRequestsKeepTheirShortAnswers() {
        var anonymous = new WebClient(node.port());
        var api = anonymous.send("POST", "/ingest/v1/events", "{}", "application/json", BROWSER);
        assertEquals(401, api.statusCode());
        assertEquals(Problem.CONTENT_TYPE, api.headers().firstValue("Content-Type").orElse(""));

        var htmx = anonymous.send("GET", "/no/such/page", null, null, Map.of("Accept", "text/html", "HX-Request", "true"));
        assertEquals(404, htmx.statusCode());
        assertTrue(htmx.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), htmx.headers().toString());

        var stream = anonymous.send("GET", "/live?topics=nosuchkind", null, null, Map.of("Accept", "text/event-stream"));
        assertEquals(400, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), stream.headers().toString());
        assertTrue(stream.body().length() < 300, stream.body());
    }
}
