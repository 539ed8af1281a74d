package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.WebClient;

/**
 * Problem types are links ({@code /docs/ingest#rule-violation}): the page they point to is
 * served to anyone, and each type the errors table lists, and each a real refusal carries, is
 * an anchor on it (it was a 404: an outside review).
 */
class IngestDocPageTest extends AdminNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TYPE = Pattern.compile("\"type\":\"/docs/ingest#([a-z-]+)\"");

    @Test
    void everyProblemTypeLeadsToItsRowOnTheServedDocument() throws Exception {
        var page = new WebClient(node.port()).get("/docs/ingest");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = page.body();
        assertTrue(html.contains("<h1 id=\"game-event-ingest-api\">Game-event ingest API</h1>"), "the document, rendered with its headings' ids");

        // Every type the errors table names (from the markdown itself) is an anchor on the page.
        String markdown = Files.readString(Path.of("docs/ingest.md"));
        String errors = markdown.substring(markdown.indexOf("## Errors"), markdown.indexOf("\n## ", markdown.indexOf("## Errors") + 1));
        var missing = new ArrayList<String>();
        var listed = Pattern.compile("(?m)^\\| [^|]+ \\| ([^|]+) \\|").matcher(errors);
        int types = 0;
        while (listed.find()) {
            var code = Pattern.compile("`([a-z-]+)`").matcher(listed.group(1));
            while (code.find()) {
                types++;
                if (!html.contains("id=\"" + code.group(1) + "\"")) {
                    missing.add(code.group(1));
                }
            }
        }
        assertTrue(types > 15, "the errors table was read: " + types + " types");
        assertEquals(new ArrayList<String>(), missing, "types without an anchor");

        // And the types real refusals carry.
        long root = node.database().sql().fetchOne("select id from users where username = 'root'").get(0, Long.class);
        String secret = node.auth().apiKeys().create("docs", ApiKeys.SCOPE_INGEST, root).secret();
        var carried = new ArrayList<String>();
        for (var request : Map.of(
                "{", "Bearer " + secret,
                "{\"type\":\"table.opened\",\"tableId\":\"t\",\"version\":1,\"name\":\"T\",\"smallBlind\":-1,\"bigBlind\":2,\"seats\":6,\"eventId\":\"e1\"}", "Bearer " + secret,
                "[]", "Bearer sbk_nope").entrySet()) {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/ingest/v1/events"))
                    .header("Content-Type", "application/json").header("Authorization", request.getValue())
                    .POST(HttpRequest.BodyPublishers.ofString(request.getKey())).build(), HttpResponse.BodyHandlers.ofString());
            var type = TYPE.matcher(answer.body());
            assertTrue(type.find(), answer.body());
            carried.add(type.group(1));
            assertTrue(html.contains("id=\"" + type.group(1) + "\""), "the page has an anchor for " + type.group(1));
        }
        assertEquals(3, carried.stream().distinct().count(), "three kinds of refusal: " + carried);
    }
}
