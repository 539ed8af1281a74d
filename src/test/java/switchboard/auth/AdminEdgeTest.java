package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.IngestClient;

/** What a security review found at the admin and API edges: a typo changes nothing, and nothing from outside grows without end. */
class AdminEdgeTest extends AdminNodeTest {

    @Test
    void aStatusOtherThanEnabledOrDisabledIsRefusedAndChangesNothing() {
        long grace = node.auth().users().create("grace", "Grace", "member password", Role.MEMBER).id();
        for (String typo : new String[] {"bogus", "Enabled", ""}) {
            var answer = admin.post("/admin/users/" + grace + "/status", Map.of("status", typo, "confirmed", "yes"));
            assertEquals(400, answer.statusCode(), typo);
            assertTrue(answer.body().contains("enabled or disabled"), answer.body());
            assertFalse(node.auth().users().byId(grace).orElseThrow().disabled(), "still enabled after '" + typo + "'");
        }
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        var users = node.auth().users();
        for (int round = 0; round < 20; round++) {
            long a = users.create("boss-a" + round, "Boss A", "admin password", Role.ADMIN).id();
            long b = users.create("boss-b" + round, "Boss B", "admin password", Role.ADMIN).id();
            // Every other admin is disabled first, so a and b are the only two enabled ones.
            var others = users.all().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled() && u.id() != a && u.id() != b).toList();
            others.forEach(u -> node.database().sql().update(switchboard.db.jooq.Tables.USERS)
                    .set(switchboard.db.jooq.Tables.USERS.DISABLED_AT, java.time.OffsetDateTime.now())
                    .where(switchboard.db.jooq.Tables.USERS.ID.eq(u.id())).execute());
            var start = new java.util.concurrent.CountDownLatch(1);
            var refused = new java.util.concurrent.atomic.AtomicInteger();
            Runnable demoteA = () -> {
                try {
                    start.await();
                    users.setRole(a, Role.MEMBER);
                } catch (IllegalArgumentException e) {
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Runnable disableB = () -> {
                try {
                    start.await();
                    users.setDisabled(b, true);
                } catch (IllegalArgumentException e) {
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread t1 = Thread.ofPlatform().start(demoteA);
            Thread t2 = Thread.ofPlatform().start(disableB);
            start.countDown();
            t1.join();
            t2.join();
            long enabledAdmins = users.all().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled()).count();
            assertEquals(1, enabledAdmins, "round " + round + ": one of the two changes is refused as the last admin's");
            assertEquals(1, refused.get(), "round " + round);
            // Back to a usable state for the test's own admin session.
            node.database().sql().update(switchboard.db.jooq.Tables.USERS).setNull(switchboard.db.jooq.Tables.USERS.DISABLED_AT)
                    .where(switchboard.db.jooq.Tables.USERS.ID.in(others.stream().map(User::id).toList())).execute();
        }
    }

    @Test
    void anAgentAccountStaysAnAgent() {
        long agent = node.auth().users().create("agent9", "Agent Nine", "agent password", Role.AGENT).id();
        var answer = admin.post("/admin/users/" + agent + "/role", Map.of("role", "MEMBER"));
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("An agent account stays an agent"), answer.body());
        assertEquals(Role.AGENT, node.auth().users().byId(agent).orElseThrow().role());
    }

    @Test
    void madeUpMethodsAreCountedAsOneSeries() throws Exception {
        var http = HttpClient.newHttpClient();
        for (String method : new String[] {"RND1", "RND2", "RND3"}) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/")).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        String metrics = admin.get("/metrics").body();
        assertFalse(metrics.contains("RND"), "no series per made-up method");
        assertTrue(metrics.contains("method=\"other\""), "they are counted as other");
    }

    @Test
    void aProblemIsUtf8Json() throws Exception {
        long root = node.auth().users().all().stream().filter(u -> u.username().equals("root")).findFirst().orElseThrow().id();
        var client = new IngestClient(node.port(), node.auth().apiKeys().create("utf8", ApiKeys.SCOPE_INGEST, root).secret());
        var answer = client.postRaw("{\"type\":\"wager.placed€ü\"}", null);
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("wager.placed€ü"), "the detail keeps what was sent, read as UTF-8: " + answer.body());
    }

    @Test
    void theCurrentPasswordIsNotGuessedWithoutEnd() {
        node.auth().users().create("lin", "Lin", "member password", Role.MEMBER);
        var lin = switchboard.testing.WebClient.signedIn(node.port(), "lin", "member password");
        var wrong = Map.of("current", "wrong", "password", "a new password", "confirm", "a new password");
        for (int i = 0; i < 10; i++) {
            assertEquals(400, lin.post("/account/password", wrong).statusCode(), "wrong guess " + (i + 1));
        }
        var right = lin.post("/account/password", Map.of("current", "member password", "password", "a new password", "confirm", "a new password"));
        assertEquals(429, right.statusCode(), "the eleventh try in a minute waits, even with the right password");
        assertTrue(right.headers().firstValue("Retry-After").isPresent());
        assertTrue(right.body().contains("Too many wrong current passwords"), right.body());
        assertTrue(node.auth().users().authenticate("lin", "member password").isPresent(), "the password is unchanged");
    }

    @Test
    void staffAndAgentsChangeTheirOwnPasswordsButKiosksDoNot() {
        for (Role role : new Role[] {Role.STAFF, Role.AGENT}) {
            String name = "own" + role.name().toLowerCase();
            node.auth().users().create(name, "Own", "first password", role);
            var person = switchboard.testing.WebClient.signedIn(node.port(), name, "first password");
            var page = person.get("/account");
            assertEquals(200, page.statusCode(), role + " opens /account");
            assertTrue(person.get("/").body().contains("href=\"/account\""), role + "'s header links to the account page");
            var answer = person.post("/account/password", Map.of("current", "first password", "password", "second password", "confirm", "second password"));
            assertEquals(303, answer.statusCode(), role + ": " + answer.body());
            assertTrue(node.auth().users().authenticate(name, "second password").isPresent(), role + " signs in with the new password");
            assertTrue(node.auth().users().authenticate(name, "first password").isEmpty(), role + "'s old password no longer works");
        }
    }

    @Test
    void aNewPasswordOfSpacesTooLongOrUnchangedIsRefusedSayingWhy() {
        node.auth().users().create("pia", "Pia", "member password", Role.MEMBER);
        var pia = switchboard.testing.WebClient.signedIn(node.port(), "pia", "member password");
        var cases = Map.of(
                " ".repeat(12), "spaces only",
                "x".repeat(1001), "10 to 1000 characters",
                "🔑".repeat(5), "10 to 1000 characters", // ten UTF-16 units, five characters
                "member password", "the same as the current one");
        cases.forEach((fresh, says) -> {
            var answer = pia.post("/account/password", Map.of("current", "member password", "password", fresh, "confirm", fresh));
            assertEquals(400, answer.statusCode(), says);
            assertTrue(answer.body().contains(says), answer.body());
        });
        assertTrue(node.auth().users().authenticate("pia", "member password").isPresent(), "the password is unchanged");
        assertFalse(pia.get("/account?done=anything").body().contains("Password changed"), "only the redirect after a change says so");
        var emojiTen = "🔑".repeat(10);
        assertEquals(303, pia.post("/account/password", Map.of("current", "member password", "password", emojiTen, "confirm", emojiTen)).statusCode(),
                "ten characters are ten characters, whatever their UTF-16 length");
        assertTrue(pia.get("/account?done=password").body().contains("Password changed"));
    }

    @Test
    void textOfNothingVisibleIsEmptyOnEveryForm() {
        var before = switchboard.testing.Stored.digest(node.database().sql());
        String invisible = "\u200B \u200E\uFEFF";
        assertEquals(400, admin.post("/admin/users", Map.of("username", "zw1", "displayName", invisible, "password", "a long password", "role", "MEMBER")).statusCode(),
                "a display name");
        assertEquals(400, admin.post("/admin/polls", Map.of("question", invisible, "options", "Yes\nNo", "closesAt", "")).statusCode(), "a poll's question");
        assertEquals(400, admin.post("/admin/polls", Map.of("question", "Lunch?", "options", "Yes\n\u200B", "closesAt", "")).statusCode(),
                "an option of nothing visible is no option: one is left");
        assertEquals(400, admin.post("/chat/threads", Map.of("title", invisible, "members", "")).statusCode(), "a thread's title");
        assertEquals(before, switchboard.testing.Stored.digest(node.database().sql()), "nothing stored");
        var thread = admin.post("/chat/threads", Map.of("title", "Visible", "members", ""));
        assertEquals(303, thread.statusCode(), thread.body());
        String path = thread.headers().firstValue("Location").orElseThrow();
        assertEquals(400, admin.post(path + "/messages", Map.of("body", invisible)).statusCode(), "a message");
    }
}
