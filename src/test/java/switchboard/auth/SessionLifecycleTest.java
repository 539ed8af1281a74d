package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.SESSIONS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.auth.Routes;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.SseClient;
import switchboard.testing.WebClient;

/** When sessions begin and end: only at sign-in, and at every change of an account's credentials or rights. */
class SessionLifecycleTest extends AdminNodeTest {

    private static int sessions() {
        return node.database().sql().fetchCount(SESSIONS);
    }

    private static int sessionsOf(long user) {
        return node.database().sql().fetchCount(SESSIONS, SESSIONS.USER_ID.eq(user));
    }

    private static boolean signedIn(WebClient client) {
        return client.get("/").body().contains("Signed in as");
    }

    @Test
    void anonymousVisitorsStoreNoSessionOnAnyPageOrForm() {
        int before = sessions();
        var paths = new ArrayList<String>();
        for (Routes.Route route : node.routes().all()) {
            if (route.method().equals("GET") && !route.path().equals("/live")) {
                paths.add(route.path().replaceAll("\\{[a-z]+}", "1"));
            }
        }
        for (String path : paths) {
            new WebClient(node.port()).get(path);
        }
        var visitor = new WebClient(node.port());
        paths.forEach(visitor::get);
        assertEquals(204, visitor.withToken("PUT", "/hold/presence").statusCode(), "a visitor's signed token works");
        assertEquals(204, visitor.withToken("DELETE", "/hold/presence").statusCode());
        assertEquals(403, visitor.send("PUT", "/hold/presence", null, null, Map.of()).statusCode(), "and is still required");
        assertEquals(303, visitor.logIn("root", "wrong password").statusCode());
        assertNull(visitor.cookie("sb_session"));
        assertEquals(before, sessions(), "no page view, hold or failed sign-in stored a session");
    }

    @Test
    void aVisitorsTokenDoesNotWorkForAnotherVisitor() {
        var eve = new WebClient(node.port());
        var victim = new WebClient(node.port());
        String evesToken = eve.csrf();
        victim.get("/hold");
        var forged = victim.send("PUT", "/hold/presence", null, null, Map.of("pac4jCsrfToken", evesToken));
        assertEquals(403, forged.statusCode());
    }

    @Test
    void theCsrfTokenRotatesAtSignIn() {
        node.auth().users().create("cyd", "Cy", "member password", Role.MEMBER);
        var browser = new WebClient(node.port());
        String anonymous = browser.csrf();
        browser.logIn("cyd", "member password");
        String first = browser.csrf();
        assertNotEquals(anonymous, first);
        browser.logIn("cyd", "member password");
        String second = browser.csrf();
        assertNotEquals(first, second, "signing in again replaces the session's token");
        var stale = browser.send("POST", "/chat/threads", "title=x&members=&pac4jCsrfToken=" + first, "application/x-www-form-urlencoded", Map.of());
        assertEquals(403, stale.statusCode(), "the token from before sign-in is refused");
    }

    @Test
    void anAdminsPasswordResetEndsEverySessionAndClosesItsStreams() throws Exception {
        long ada = node.auth().users().create("ada", "Ada", "member password", Role.MEMBER).id();
        var laptop = WebClient.signedIn(node.port(), "ada", "member password");
        var phone = WebClient.signedIn(node.port(), "ada", "member password");
        assertEquals(2, sessionsOf(ada));
        try (var stream = SseClient.open(node.port(), "/live?topics=account:" + ada, null, "sb_session=" + phone.cookie("sb_session"))) {
            assertEquals(303, admin.post("/admin/users/" + ada + "/password", Map.of("password", "a new long password")).statusCode());
            stream.await("the stream to close", SseClient::ended, Duration.ofSeconds(5));
        }
        assertEquals(0, sessionsOf(ada));
        assertTrue(!signedIn(laptop) && !signedIn(phone), "both browsers are signed out");
    }

    @Test
    void aPersonChangingTheirPasswordEndsTheirOtherSessionsOnly() throws Exception {
        long bo = node.auth().users().create("bob", "Bo", "member password", Role.MEMBER).id();
        var laptop = WebClient.signedIn(node.port(), "bob", "member password");
        var stolen = WebClient.signedIn(node.port(), "bob", "member password");
        var wrong = laptop.post("/account/password", Map.of("current", "not it", "password", "new password 1", "confirm", "new password 1"));
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("current password is not right"), wrong.body());
        var differ = laptop.post("/account/password", Map.of("current", "member password", "password", "new password 1", "confirm", "other"));
        assertEquals(400, differ.statusCode());
        String before = laptop.cookie("sb_session");
        String token = laptop.csrf();
        try (var stream = SseClient.open(node.port(), "/live?topics=account:" + bo, null, "sb_session=" + stolen.cookie("sb_session"));
                var own = SseClient.open(node.port(), "/live?topics=account:" + bo, null, "sb_session=" + before)) {
            var done = laptop.post("/account/password", Map.of("current", "member password", "password", "new password 1", "confirm", "new password 1"));
            assertEquals(303, done.statusCode());
            stream.await("the other session's stream to close", SseClient::ended, Duration.ofSeconds(5));
            own.await("the stream opened under this session's old id to close", SseClient::ended, Duration.ofSeconds(5));
        }
        assertEquals(1, sessionsOf(bo));
        assertNotEquals(before, laptop.cookie("sb_session"), "this browser's session moves to a new id");
        var oldId = new WebClient(node.port()).send("GET", "/", null, null, Map.of("Cookie", "sb_session=" + before));
        assertFalse(oldId.body().contains("Signed in as"), "the old id, were it stolen, signs nobody in");
        assertEquals(303, laptop.post("/account/password", Map.of("current", "new password 1", "password", "new password 2", "confirm", "new password 2")).statusCode(),
                "a form of a page opened before the change still posts (the CSRF token stays)");
        laptop.get("/account");
        assertEquals(token, laptop.csrf(), "the pages carry the same token as before");
        assertTrue(signedIn(laptop), "this browser stays signed in");
        assertTrue(!signedIn(stolen), "the other session has ended");
        assertEquals(303, new WebClient(node.port()).logIn("bob", "new password 2").statusCode());
        assertTrue(laptop.get("/account?done=password").body().contains("other sessions have ended"));
    }

    @Test
    void aRoleChangeOrADisabledAccountEndsItsSessions() {
        long di = node.auth().users().create("dio", "Di", "member password", Role.MEMBER).id();
        var browser = WebClient.signedIn(node.port(), "dio", "member password");
        assertEquals(303, admin.post("/admin/users/" + di + "/role", Map.of("role", "ADMIN")).statusCode());
        assertEquals(0, sessionsOf(di));
        assertTrue(!signedIn(browser));
        browser = WebClient.signedIn(node.port(), "dio", "member password");
        assertEquals(303, admin.post("/admin/users/" + di + "/status", Map.of("status", "disabled", "confirmed", "yes")).statusCode());
        assertEquals(0, sessionsOf(di));
    }

    @Test
    void aSessionExpiresAfterTwelveIdleHoursByDefault() {
        var browser = WebClient.signedIn(node.port(), "root", "admin password");
        OffsetDateTime expires = node.database().sql().select(SESSIONS.EXPIRES_AT).from(SESSIONS)
                .where(SESSIONS.ID.eq(browser.cookie("sb_session"))).fetchSingle().value1();
        assertTrue(expires.isBefore(OffsetDateTime.now().plusHours(12).plusMinutes(1)), "expires " + expires);
        assertTrue(expires.isAfter(OffsetDateTime.now().plusHours(11)), "expires " + expires);
    }

    @Test
    void aSessionEndsFourteenDaysAfterItsSignInHoweverOftenItIsUsed() {
        var browser = WebClient.signedIn(node.port(), "root", "admin password");
        assertTrue(signedIn(browser));
        var sql = node.database().sql();
        var id = SESSIONS.ID.eq(browser.cookie("sb_session"));
        // Used within the idle time all along (its expiry is hours ahead), but signed in 14 days and a minute ago.
        sql.update(SESSIONS).set(SESSIONS.CREATED_AT, OffsetDateTime.now().minusDays(14).minusMinutes(1)).where(id).execute();
        assertTrue(!signedIn(browser), "a session older than 14 days is refused");
        DatabaseSessionStore.deleteExpired(sql);
        assertEquals(0, sql.fetchCount(SESSIONS, id), "and removed by the expiry job");
        var again = WebClient.signedIn(node.port(), "root", "admin password");
        OffsetDateTime begun = sql.select(SESSIONS.CREATED_AT).from(SESSIONS).where(SESSIONS.ID.eq(again.cookie("sb_session"))).fetchSingle().value1();
        assertTrue(begun.isAfter(OffsetDateTime.now().minusMinutes(1)), "a sign-in starts a new lifetime: " + begun);
    }
}
