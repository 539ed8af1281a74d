package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/** Nodes behind a balancer without sticky sessions: what one node decides about sessions, every node honours. */
class SessionsAcrossNodesTest {

    @Test
    void aPasswordResetOnNodeAEndsTheSessionAndClosesTheStreamOnNodeB() throws Exception {
        var url = TestDatabase.fresh();
        try (var a = TestNode.start(url); var b = TestNode.start(url)) {
            a.auth().users().create("root", "Root", "admin password", Role.ADMIN);
            long ada = a.auth().users().create("ada", "Ada", "member password", Role.MEMBER).id();
            var admin = WebClient.signedIn(a.port(), "root", "admin password");
            var onB = WebClient.signedIn(b.port(), "ada", "member password");
            try (var stream = SseClient.open(b.port(), "/live?topics=account:" + ada, null, "sb_session=" + onB.cookie("sb_session"))) {
                assertEquals(303, admin.post("/admin/users/" + ada + "/password", Map.of("password", "a new long password")).statusCode());
                stream.await("node B to close the stream", SseClient::ended, Duration.ofSeconds(10));
            }
            assertFalse(onB.get("/").body().contains("Signed in as"), "the session has ended on node B too");
        }
    }

    @Test
    void aVisitorsSignedTokenFromOneNodeIsAcceptedByAnother() {
        var url = TestDatabase.fresh();
        try (var a = TestNode.start(url); var b = TestNode.start(url)) {
            var visitor = new WebClient(a.port());
            String token = visitor.csrf();
            var onB = new WebClient(b.port()).send("PUT", "/hold/presence", null, null,
                    Map.of("pac4jCsrfToken", token, "Cookie", "sb_visitor=" + visitor.cookie("sb_visitor")));
            assertEquals(403, new WebClient(b.port()).send("PUT", "/hold/presence", null, null, Map.of("pac4jCsrfToken", token)).statusCode(),
                    "without the visitor cookie it signs, the token is worthless");
            assertEquals(204, onB.statusCode());
        }
    }
}
