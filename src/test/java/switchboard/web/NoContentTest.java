package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.WebClient;

/** A 204 has no body, so no Content-Type either, on every route (Javalin typed each text/plain; an outside review). */
class NoContentTest extends AdminNodeTest {
    @Test
    void a204CarriesNoContentType() {
        var visitor = new WebClient(node.port());
        visitor.get("/hold");
        for (String method : new String[] {"PUT", "DELETE"}) {
            var answer = visitor.withToken(method, "/hold/presence?page=p1");
            assertEquals(204, answer.statusCode(), method + " " + answer.body());
            assertEquals(Optional.empty(), answer.headers().firstValue("Content-Type"), method + " /hold/presence");
        }
    }
}
