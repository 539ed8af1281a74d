package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * HEAD is GET without the body, on every GET route and for every caller: Javalin answered it
 * itself (200, empty) without running the access guard or the handler, so HEAD /admin/users said
 * 200 to anyone and HEAD /health/ready said ready whatever the node's state.
 */
class HeadRequestsTest {

    @Test
    void headAnswersAsGetDoesOnEveryRoute() {
        try (var node = TestNode.start(TestDatabase.fresh())) {
            node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            var callers = Map.of("anonymous", new WebClient(node.port()),
                    "member", WebClient.signedIn(node.port(), "ada", "member password"),
                    "admin", WebClient.signedIn(node.port(), "root", "admin password"));
            var wrong = new ArrayList<String>();
            int compared = 0;
            for (Routes.Route route : node.routes().all()) {
                if (!route.method().equals("GET")) {
                    continue;
                }
                String path = route.path().replaceAll("\\{[a-z]+}", "1");
                for (var caller : callers.entrySet()) {
                    var head = caller.getValue().send("HEAD", path, null, null, Map.of());
                    if (path.equals("/live")) {
                        if (head.statusCode() != 405) {
                            wrong.add("HEAD /live as " + caller.getKey() + " answered " + head.statusCode());
                        }
                        continue;
                    }
                    var get = caller.getValue().send("GET", path, null, null, Map.of());
                    compared++;
                    if (head.statusCode() != get.statusCode() || !head.body().isEmpty()) {
                        wrong.add("HEAD " + path + " as " + caller.getKey() + " answered " + head.statusCode() + " where GET answered " + get.statusCode()
                                + (head.body().isEmpty() ? "" : ", with a body"));
                    }
                }
            }
            assertTrue(compared > 100, "compared " + compared);
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
            assertEquals(401, new WebClient(node.port()).send("HEAD", "/metrics", null, null, Map.of()).statusCode(), "metrics need their token");
        }
    }
}
