package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.API_KEYS;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.SseClient;
import switchboard.testing.WebClient;

/** API keys, kiosk links, and what revoking or disabling does to sessions and open streams. */
class CredentialsTest extends AdminNodeTest {

    @Test
    void anApiKeyIsShownOnceStoredHashedAndStopsWorkingWhenRevoked() {
        var before = switchboard.testing.Stored.digest(node.database().sql());
        for (String name : new String[] {"line\nbreak", "carriage\rreturn", "tab\there"}) {
            var refused = admin.post("/admin/keys", Map.of("name", name));
            assertEquals(400, refused.statusCode(), name);
            assertTrue(refused.body().contains("is one line"), refused.body());
        }
        assertEquals(400, admin.post("/admin/kiosks", Map.of("screen", "two\nlines")).statusCode());
        assertEquals(before, switchboard.testing.Stored.digest(node.database().sql()), "no key or link made");
        var created = admin.post("/admin/keys", Map.of("name", "table server 7"));
        assertEquals(303, created.statusCode(), "post, redirect, get: a reload does not make a second key");
        assertEquals("/admin/keys", created.headers().firstValue("Location").orElse(""));
        var page = admin.get("/admin/keys");
        var m = java.util.regex.Pattern.compile("value=\"(sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43})\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        String secret = m.group(1);
        var stored = node.database().sql().selectFrom(API_KEYS).where(API_KEYS.NAME.eq("table server 7")).fetchOne();
        assertFalse(stored.getSecretHash().contains(secret.substring(13)), "only a digest is stored");
        assertFalse(admin.get("/admin/keys").body().contains(secret), "the list never shows the secret again");

        var machine = new WebClient(node.port());
        var bearer = Map.of("Authorization", "Bearer " + secret);
        assertEquals(200, machine.statusOnly("GET", "/ingest/v1/key", bearer).statusCode());
        assertNotNull(node.database().sql().fetchValue(API_KEYS.LAST_USED_AT, API_KEYS.ID.eq(stored.getId())), "last use is recorded");
        assertTrue(admin.get("/admin/keys").body().contains("UTC</time>"), "the list shows the last use");

        var asked = admin.post("/admin/keys/" + stored.getId() + "/revocation", Map.of());
        assertTrue(asked.body().contains("Revoke the key “table server 7”?"), asked.body());
        assertEquals(200, machine.statusOnly("GET", "/ingest/v1/key", bearer).statusCode(), "asking revokes nothing");
        assertEquals(200, admin.post("/admin/keys/" + stored.getId() + "/revocation", Map.of("confirmed", "yes")).statusCode());
        var refused = machine.statusOnly("GET", "/ingest/v1/key", bearer);
        assertEquals(401, refused.statusCode(), "revoked: refused on the very next request");
        assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, machine.statusOnly("GET", "/ingest/v1/key", Map.of("Authorization", "Bearer sbk_nope")).statusCode());
    }

    @Test
    void keysAreToldApartByNameAStarMeansEveryTableAndRevokingTwiceEndsRevoked() {
        assertEquals(303, admin.post("/admin/keys", Map.of("name", "lobby server", "tables", "*")).statusCode());
        var key = node.auth().apiKeys().all().stream().filter(k -> k.name().equals("lobby server")).findFirst().orElseThrow();
        assertEquals(null, key.tables(), "'*' is every table, as a blank field is (a key limited to '*' could not send wagers)");
        var twin = admin.post("/admin/keys", Map.of("name", "Lobby Server"));
        assertEquals(400, twin.statusCode());
        assertTrue(twin.body().contains("An active key is already named"), twin.body());
        assertEquals(200, admin.post("/admin/keys/" + key.id() + "/revocation", Map.of("confirmed", "yes")).statusCode());
        var again = admin.post("/admin/keys/" + key.id() + "/revocation", Map.of("confirmed", "yes"));
        assertEquals(200, again.statusCode(), "a resent revocation ends where the first did");
        assertTrue(again.body().contains("Key &#39;lobby server&#39; was already revoked.") || again.body().contains("Key 'lobby server' was already revoked."), again.body());
        assertEquals(303, admin.post("/admin/keys", Map.of("name", "lobby server")).statusCode(), "a revoked key's name may be used again");
        assertEquals(404, admin.post("/admin/keys/999999/revocation", Map.of("confirmed", "yes")).statusCode());
    }

    @Test
    void aKioskLinkSignsAScreenInReadOnlyUntilRevoked() throws Exception {
        assertEquals(303, admin.post("/admin/kiosks", Map.of("screen", "Lobby")).statusCode());
        var page = admin.get("/admin/kiosks");
        assertTrue(page.body().contains("Kiosk link for 'Lobby' created"), page.body());
        var m = java.util.regex.Pattern.compile("value=\"http://[^\"]+(/kiosk/[A-Za-z0-9_-]{43})\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        var screen = new WebClient(node.port());
        var signIn = screen.get(m.group(1));
        assertEquals(302, signIn.statusCode());
        assertTrue(screen.get("/").body().contains("Signed in as <strong>Lobby</strong>"));
        assertEquals(403, screen.withToken("PUT", "/hold/presence").statusCode(), "a kiosk only watches");
        assertTrue(screen.get("/hold").body().contains("This screen watches"), "and is not offered the button");
        assertEquals(403, screen.get("/admin/users").statusCode());

        long kioskUser = node.auth().users().all().stream().filter(u -> u.displayName().equals("Lobby")).findFirst().orElseThrow().id();
        long linkId = node.auth().kioskLinks().all().getFirst().id();
        try (var stream = SseClient.open(node.port(), "/live?topics=account:" + kioskUser, null, "sb_session=" + screen.cookie("sb_session"))) {
            assertEquals(200, admin.post("/admin/kiosks/" + linkId + "/revocation", Map.of("confirmed", "yes")).statusCode());
            stream.await("the revoked screen's stream to close", SseClient::ended, Duration.ofSeconds(5));
        }
        assertFalse(screen.get("/").body().contains("Signed in as"), "the revoked screen is signed out");
        assertEquals(404, new WebClient(node.port()).get(m.group(1)).statusCode(), "the link no longer works");
    }

    @Test
    void aMemberCannotReadAnotherAccountsTopicAndADisabledMembersStreamCloses() throws Exception {
        long ada = node.auth().users().create("ada", "Ada", "member password", Role.MEMBER).id();
        long bob = node.auth().users().create("bob", "Bob", "member password", Role.MEMBER).id();
        var browser = WebClient.signedIn(node.port(), "ada", "member password");
        String cookie = "sb_session=" + browser.cookie("sb_session");

        var refused = browser.statusOnly("GET", "/live?topics=presence:main,account:" + bob, Map.of("Accept", "text/event-stream"));
        assertEquals(403, refused.statusCode());

        try (var stream = SseClient.open(node.port(), "/live?topics=presence:main,account:" + ada, null, cookie)) {
            var done = admin.post("/admin/users/" + ada + "/status", Map.of("status", "disabled", "confirmed", "yes"));
            assertEquals(303, done.statusCode());
            stream.await("the disabled member's stream to close", SseClient::ended, Duration.ofSeconds(5));
        }
        assertEquals(401, browser.statusOnly("GET", "/live?topics=account:" + ada, Map.of("Accept", "text/event-stream")).statusCode(),
                "a disabled account cannot reopen it: it is a visitor, told to sign in");
    }

    @Test
    void loggingOutClosesThatSessionsStreamsOnlyAndTheyCannotComeBack() throws Exception {
        long cy = node.auth().users().create("cyd", "Cyd", "member password", Role.MEMBER).id();
        var laptop = WebClient.signedIn(node.port(), "cyd", "member password");
        var phone = WebClient.signedIn(node.port(), "cyd", "member password");
        String topics = "/live?topics=presence:main,account:" + cy;
        try (var laptopTab = SseClient.open(node.port(), topics, null, "sb_session=" + laptop.cookie("sb_session"));
             var otherLaptopTab = SseClient.open(node.port(), topics, null, "sb_session=" + laptop.cookie("sb_session"));
             var phoneTab = SseClient.open(node.port(), topics, null, "sb_session=" + phone.cookie("sb_session"))) {
            assertEquals(303, laptop.post("/logout", Map.of()).statusCode());
            laptopTab.await("the signed-out session's stream to close", SseClient::ended, Duration.ofSeconds(5));
            otherLaptopTab.await("and its other tab's", SseClient::ended, Duration.ofSeconds(5));
            // Told why in a last event: the page says "Signed out" now, not after a refused reconnect.
            assertEquals("closed", laptopTab.events().getLast().event());
            assertEquals("session.ended", laptopTab.events().getLast().data());
            // The phone's session is another one: its page keeps streaming (a heartbeat or change still arrives).
            assertEquals(204, phone.withToken("PUT", "/hold/presence").statusCode());
            phoneTab.await("the other session's page to go on", s -> s.events().stream().anyMatch(e -> e.id() != null), Duration.ofSeconds(5));
            assertFalse(phoneTab.ended());
        }
        assertEquals(401, laptop.statusOnly("GET", topics, Map.of("Accept", "text/event-stream")).statusCode(),
                "the old cookie cannot reopen the account's topic: it is a visitor's, told to sign in");
    }
}
