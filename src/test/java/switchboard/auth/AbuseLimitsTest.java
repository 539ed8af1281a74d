package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

class AbuseLimitsTest {
    private static Switchboard node;
    private static String key;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "2", "MAX_BODY_BYTES", "2048"));
        long admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        key = node.auth().apiKeys().create("table server", ApiKeys.SCOPE_INGEST, admin).secret();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theEleventhFailedLoginInAMinuteGets429EvenWithTheRightPassword() {
        var attacker = new WebClient(node.port());
        for (int i = 1; i <= 10; i++) {
            var response = attacker.logIn("ada", "guess " + i);
            assertEquals(303, response.statusCode(), "attempt " + i);
        }
        var eleventh = attacker.logIn("ada", "member password");
        assertEquals(429, eleventh.statusCode());
        long retryAfter = Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(eleventh.body().contains("Too many failed sign-ins"), eleventh.body());
    }

    @Test
    void aPlainFormToAnUploadAddressHasThePlainCap() {
        // The upload cap is for files: a urlencoded form to the same address got past the check
        // and failed in the form parser as "400 could not be read (Content Too Large)".
        var admin = WebClient.signedIn(node.port(), "root", "admin password");
        var response = admin.post("/chat/1/messages", Map.of("body", "x".repeat(4000)));
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("the limit is 2048 bytes"), response.body());
    }

    @Test
    void aChunkedFormOverTheCapGets413Too() throws Exception {
        var admin = WebClient.signedIn(node.port(), "root", "admin password");
        byte[] form = ("pac4jCsrfToken=" + admin.csrf() + "&username=big&displayName=" + "x".repeat(4000)
                + "&password=a+long+password&role=MEMBER").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port() + "/admin/users"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "sb_session=" + admin.cookie("sb_session"))
                // No length: the body is sent chunked, so the cap is met while reading it.
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form)))
                .build();
        int before = node.database().sql().fetchCount(switchboard.db.jooq.Tables.USERS);
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("larger than this server takes"), response.body());
        assertEquals(before, node.database().sql().fetchCount(switchboard.db.jooq.Tables.USERS));
    }

    @Test
    void aChunkedBatchOverTheCapGetsAProblemThatSaysTheLimit() throws Exception {
        long root = node.database().sql().fetchOne("select id from users where username = 'root'").get(0, Long.class);
        String own = node.auth().apiKeys().create("chunked " + System.nanoTime(), ApiKeys.SCOPE_INGEST, root).secret();
        byte[] batch = ("[" + "{\"type\":\"table.opened\",\"tableId\":\"t\",\"version\":1,\"name\":\"T\",\"smallBlind\":1,\"bigBlind\":2,\"seats\":6},".repeat(40)
                + "{}]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port() + "/ingest/v1/events"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + own).header("Idempotency-Key", "chunked-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(batch)))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        // Javalin's own words were a bare "Content Too Large"; a body with a length was already told the limit.
        assertTrue(response.body().contains("the limit is 2048 bytes") && response.body().contains("/docs/ingest#too-large"), response.body());
    }

    @Test
    void aBodyOverTheCapGets413AndStoresNothing() {
        var admin = WebClient.signedIn(node.port(), "root", "admin password");
        int before = node.database().sql().fetchCount(switchboard.db.jooq.Tables.USERS);
        var response = admin.post("/admin/users", Map.of("username", "big", "displayName", "x".repeat(4000), "password", "a long password", "role", "MEMBER"));
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("the limit is 2048 bytes"), response.body());
        assertEquals(before, node.database().sql().fetchCount(switchboard.db.jooq.Tables.USERS));
    }

    @Test
    void anApiKeyOverItsRateGets429WithRetryAfter() {
        var machine = new WebClient(node.port());
        int ok = 0;
        WebClient.Answer last = null;
        for (int i = 0; i < 10; i++) {
            last = machine.statusOnly("GET", "/ingest/v1/key", Map.of("Authorization", "Bearer " + key));
            if (last.statusCode() == 429) {
                break;
            }
            assertEquals(200, last.statusCode());
            ok++;
        }
        assertEquals(429, last.statusCode(), "the burst is twice the rate per second");
        assertTrue(ok >= 3 && ok <= 5, "requests allowed before the limit: " + ok);
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    }
}
