package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * One sign-in is one line of the activity feed. pac4j renews the session id after it saves the
 * profile; the renewal deleted the row and inserted it anew, which the sign-in trigger counted
 * a second time (an outside review: every "Southy signed in" twice, 3 ms apart).
 */
class SignInActivityTest {
    private static List<String> lines(Switchboard node, String name) {
        return node.database().sql().fetch("select text from activity where text like {0} order by id", name + " %").getValues(0, String.class);
    }

    @Test
    void aSignInShowsOnceInTheActivityFeed() {
        try (Switchboard node = TestNode.start(TestDatabase.fresh())) {
            var admin = WebClient.newAdmin(node);
            assertEquals(List.of("Root signed in"), lines(node, "Root"));
            var made = admin.post("/admin/agents", Map.of("agentId", "south", "agentName", "South", "username", "southy",
                    "displayName", "Southy", "password", "agent password"));
            assertEquals(303, made.statusCode(), made.body());
            var southy = new WebClient(node.port());
            southy.get("/login");
            String beforeSignIn = southy.cookie("sb_session");
            assertEquals(303, southy.logIn("southy", "agent password").statusCode());
            assertEquals(List.of("Southy signed in"), lines(node, "Southy"));
            assertNotEquals(beforeSignIn, southy.cookie("sb_session"), "the id is still renewed at sign-in");
            assertEquals(List.of(southy.cookie("sb_session")), node.database().sql().fetch(
                    "select s.id from sessions s join users u on u.id = s.user_id where u.username = 'southy'").getValues(0, String.class));
            // Signing in again is a new sign-in.
            WebClient.signedIn(node.port(), "southy", "agent password");
            assertEquals(List.of("Southy signed in", "Southy signed in"), lines(node, "Southy"));
        }
    }
}
