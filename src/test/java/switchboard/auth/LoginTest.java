package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

class LoginTest {
    private static final String PASSWORD = "correct horse battery";
    private static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        node.auth().users().create("ada", "Ada Lovelace", PASSWORD, Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aMemberLogsInWithAFreshHttpOnlySessionAndLogsOut() {
        var browser = new WebClient(node.port());
        browser.get("/login");
        assertNull(browser.cookie("sb_session"), "the login form's CSRF token is signed, not kept in a session");
        String before = browser.cookie("sb_visitor");
        var login = browser.logIn("ada", PASSWORD);
        assertEquals(303, login.statusCode());
        assertEquals("/", login.headers().firstValue("Location").orElseThrow());
        String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sb_session=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http: no Secure flag");
        String session = browser.cookie("sb_session");
        assertNotNull(session, "signing in makes the session");
        assertNotEquals(before, session, "the session id is not the visitor id");

        assertTrue(browser.get("/").body().contains("Signed in as <strong>Ada Lovelace</strong>"));

        var logout = browser.post("/logout", Map.of());
        assertEquals(303, logout.statusCode());
        var stranger = new WebClient(node.port());
        var old = stranger.send("GET", "/", null, null, Map.of("Cookie", "sb_session=" + session));
        assertTrue(old.body().contains("href=\"/login\""), "the old session id no longer signs anyone in");
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
        var wrong = new WebClient(node.port()).logIn("ada", "not the password");
        var unknown = new WebClient(node.port()).logIn("nobody", "not the password");
        assertEquals(303, wrong.statusCode());
        assertEquals(303, unknown.statusCode());
        String wrongTo = wrong.headers().firstValue("Location").orElseThrow();
        String unknownTo = unknown.headers().firstValue("Location").orElseThrow();
        assertEquals(wrongTo.replace("username=ada", "username=X"), unknownTo.replace("username=nobody", "username=X"));
        String page = new WebClient(node.port()).get(wrongTo).body();
        assertTrue(page.contains("That username and password do not match an active account."), page);
        assertTrue(page.contains("value=\"ada\""), "the name tried is kept in the form");
    }

    @Test
    void aDisabledAccountCannotLogIn() {
        var grace = node.auth().users().create("grace", "Grace Hopper", PASSWORD, Role.MEMBER);
        node.database().sql().execute("update users set disabled_at = now() where id = " + grace.id());
        var login = new WebClient(node.port()).logIn("grace", PASSWORD);
        assertTrue(login.headers().firstValue("Location").orElseThrow().startsWith("/login?"));
    }

    @Test
    void aLoginWithoutTheCsrfTokenIsRefusedAndSignsNobodyIn() {
        var browser = new WebClient(node.port());
        browser.get("/login");
        var login = browser.post("/callback?client_name=FormClient", Map.of("username", "ada", "password", PASSWORD), true);
        assertEquals(403, login.statusCode());
        assertTrue(login.body().contains("CSRF token"), login.body());
        assertFalse(browser.get("/").body().contains("Signed in as"));
    }

    @Test
    void textInTheUsernameIsEscapedOnTheLoginPage() {
        String page = new WebClient(node.port()).get("/login?error=x&username=" + URLEncoder.encode("\"><script>alert(1)</script>", StandardCharsets.UTF_8)).body();
        assertFalse(page.contains("<script>alert(1)</script>"), page);
        assertTrue(page.contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>\""), "the quote cannot end the attribute: " + page);
    }
}
