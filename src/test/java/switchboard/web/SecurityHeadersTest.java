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
            for (String path : new String[] {"/", "/hold", "/health", "/static/js/live.js", "/live?topics=nosuchkind"}) {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
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
