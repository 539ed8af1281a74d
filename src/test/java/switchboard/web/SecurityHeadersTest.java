package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

class SecurityHeadersTest {

    @Test
    void everyResponseForbidsInlineScriptFramingAndSniffing() throws Exception {
        try (var node = TestNode.start(TestDatabase.fresh())) {
            var http = HttpClient.newHttpClient();
            // The last two Jetty refuses itself, before the app: an address over 8 KiB (414) and a
            // cookie header too large (431). They too get the headers, and a message to act on.
            String tooLong = "/live?topics=" + "thread:1234567,".repeat(1_000);
            for (String path : new String[] {"/", "/hold", "/health", "/static/js/live.js", "/live?topics=nosuchkind", tooLong, "/hold#cookie"}) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path.replace("#cookie", "")));
                if (path.endsWith("#cookie")) {
                    request.header("Cookie", "a=" + "x".repeat(20_000));
                }
                var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (path.equals(tooLong) || path.endsWith("#cookie")) {
                    assertEquals(path.equals(tooLong) ? 414 : 431, response.statusCode(), response.body());
                    assertTrue(response.body().contains(path.equals(tooLong) ? "32 topics" : "cookies"), response.body());
                    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                }
                var headers = response.headers();
                String csp = headers.firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
                assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
                assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(""), path);
                assertEquals("same-origin", headers.firstValue("Referrer-Policy").orElse(""), path);
            }
        }
    }
}
