package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.WebClient;

/** Text people type is shown as text on every page where it appears, never as markup. */
class EscapingTest extends AdminNodeTest {
    private static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)");

    @Test
    void hostileNamesShowAsTextInTheAdminPagesAndTheHeader() {
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            assertEquals(303, admin.post("/admin/users", Map.of("username", "user" + i, "displayName", text, "password", "a long password", "role", "MEMBER")).statusCode());
            admin.post("/admin/keys", Map.of("name", text));
            admin.post("/admin/kiosks", Map.of("screen", text));
        }
        String failedForm = admin.post("/admin/users", Map.of("username", "Bad Name", "displayName", HOSTILE.get(1), "password", "short", "role", "MEMBER")).body();
        var person = WebClient.signedIn(node.port(), "user0", "a long password");
        var pages = Map.of(
                "accounts", admin.get("/admin/users").body(),
                "keys", admin.get("/admin/keys").body(),
                "kiosks", admin.get("/admin/kiosks").body(),
                "a failed form", failedForm,
                "the header of a page", person.get("/hold").body());
        pages.forEach((name, html) -> {
            assertFalse(html.contains("<script>alert(1)</script>"), name + " contains a live script tag");
            assertFalse(html.contains("<img src=x onerror"), name + " contains a live img tag");
            assertFalse(html.contains("href=\"javascript:"), name + " links to javascript:");
        });
        assertTrue(pages.get("accounts").contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assertTrue(pages.get("a failed form").contains("value=\"&#34;>&lt;img src=x onerror=alert(1)>\""), pages.get("a failed form"));
        assertTrue(pages.get("the header of a page").contains("Signed in as <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>"));
    }

    @Test
    void hostileTextInPollsAndPokerTablesShowsAsText() {
        String options = String.join("\n", HOSTILE);
        var created = admin.post("/admin/polls", Map.of("question", HOSTILE.getFirst(), "options", options, "closesAt", ""));
        assertEquals(303, created.statusCode(), created.body());
        String poll = created.headers().firstValue("Location").orElseThrow();
        admin.post(poll + "/status", Map.of("status", "active"));
        long admin0 = node.auth().users().find("root").orElseThrow().id();
        var server = new switchboard.testing.IngestClient(node.port(), node.auth().apiKeys().create("x", ApiKeys.SCOPE_INGEST, admin0).secret());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var open = json.createObjectNode().put("type", "table.opened").put("tableId", "xss").put("version", 1).put("eventId", "xss-1")
                .put("name", HOSTILE.get(1)).put("smallBlind", 1).put("bigBlind", 2).put("seats", 2);
        var seat = json.createObjectNode().put("type", "player.seated").put("tableId", "xss").put("version", 2).put("eventId", "xss-2")
                .put("seat", 1).put("playerId", "p").put("name", HOSTILE.getFirst()).put("stack", 10);
        assertEquals(204, server.post(java.util.List.of(open, seat), null).statusCode());
        var pages = Map.of(
                "poll list", admin.get("/polls").body(),
                "poll page", admin.get(poll.replace("/admin", "")).body(),
                "poll kiosk", admin.get(poll.replace("/admin", "") + "/kiosk").body(),
                "poll admin", admin.get(poll).body(),
                "table list", admin.get("/tables").body(),
                "table page", admin.get("/tables/xss").body());
        pages.forEach((name, html) -> {
            assertFalse(html.contains("<script>alert(1)</script>"), name + " contains a live script tag");
            assertFalse(html.contains("<img src=x onerror"), name + " contains a live img tag");
            assertFalse(html.contains("href=\"javascript:"), name + " links to javascript:");
        });
        assertTrue(pages.get("table page").contains("&lt;script&gt;alert(1)&lt;/script&gt;"), pages.get("table page"));
    }
}
