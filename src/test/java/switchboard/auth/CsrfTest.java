package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.HOLD_SESSIONS;
import static switchboard.db.jooq.Tables.USERS;

import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.WebClient;

class CsrfTest extends AdminNodeTest {

    private static Map<String, String> newMember() {
        return Map.of("username", "eve", "displayName", "Eve", "password", "a long password", "role", "ADMIN");
    }

    @Test
    void aFormPostWithoutTheTokenIsRefusedAndChangesNothing() {
        int before = node.database().sql().fetchCount(USERS);
        var response = admin.post("/admin/users", newMember(), true);
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("CSRF token"), response.body());
        assertEquals(before, node.database().sql().fetchCount(USERS));
    }

    @Test
    void aTokenFromAnotherSessionIsRefused() {
        String othersToken = new WebClient(node.port()).csrf();
        var form = new java.util.HashMap<>(newMember());
        form.put("pac4jCsrfToken", othersToken);
        int before = node.database().sql().fetchCount(USERS);
        assertEquals(403, admin.post("/admin/users", form, true).statusCode());
        form.put("pac4jCsrfToken", admin.csrf().substring(1) + "x");
        assertEquals(403, admin.post("/admin/users", form, true).statusCode(), "a token that differs in one character");
        assertEquals(before, node.database().sql().fetchCount(USERS));
    }

    @Test
    void anHtmxStyleRequestCarriesTheTokenInAHeader() {
        var visitor = new WebClient(node.port());
        visitor.get("/hold");
        int before = node.database().sql().fetchCount(HOLD_SESSIONS);
        var bare = visitor.send("PUT", "/hold/presence", null, null, Map.of());
        assertEquals(403, bare.statusCode());
        assertEquals(before, node.database().sql().fetchCount(HOLD_SESSIONS));
        assertEquals(204, visitor.withToken("PUT", "/hold/presence").statusCode());
        assertEquals(before + 1, node.database().sql().fetchCount(HOLD_SESSIONS));
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence").statusCode());
    }

    @Test
    void aCheckedRequestThatChangesNothingInTheSessionDoesNotRewriteIt() {
        var visitor = admin;
        visitor.get("/hold");
        assertEquals(204, visitor.withToken("PUT", "/hold/presence").statusCode());
        String id = visitor.cookie("sb_session");
        var version = "select xmin::text from sessions where id = {0}";
        String before = node.database().sql().fetchValue(version, id).toString();
        assertEquals(204, visitor.withToken("PUT", "/hold/presence").statusCode());
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence").statusCode());
        assertEquals(before, node.database().sql().fetchValue(version, id).toString(), "the session row was not updated");
    }

    @Test
    void theTokenStaysTheSameAcrossRequestsOfOneSession() {
        var visitor = new WebClient(node.port());
        visitor.get("/");
        String first = visitor.csrf();
        visitor.withToken("PUT", "/hold/presence");
        visitor.get("/hold");
        assertEquals(first, visitor.csrf(), "pages open in other tabs keep working");
        visitor.withToken("DELETE", "/hold/presence");
    }
}
