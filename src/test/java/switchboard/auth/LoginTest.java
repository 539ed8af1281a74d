package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

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
    void aMemberLogsInWithAFreshHttpOnlySessionAndLogsOut() throws Exception {
        String before = sessionCookie(send("GET", "/login", null, null)).orElse(null);
        var login = logIn("ada", PASSWORD, before);
        assertEquals(303, login.statusCode());
        assertEquals("/", login.headers().firstValue("Location").orElseThrow());
        String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sb_session=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http: no Secure flag");
        String session = sessionCookie(login).orElseThrow();
        assertNotEquals(before, session, "signing in issues a new session id");

        assertTrue(send("GET", "/", null, session).body().contains("Signed in as <strong>Ada Lovelace</strong>"));

        var logout = send("POST", "/logout", "", session);
        assertEquals(303, logout.statusCode());
        assertTrue(send("GET", "/", null, session).body().contains("href=\"/login\""), "the old session id no longer signs anyone in");
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() throws Exception {
        var wrong = logIn("ada", "not the password", null);
        var unknown = logIn("nobody", "not the password", null);
        assertEquals(303, wrong.statusCode());
        assertEquals(303, unknown.statusCode());
        String wrongTo = wrong.headers().firstValue("Location").orElseThrow();
        String unknownTo = unknown.headers().firstValue("Location").orElseThrow();
        assertEquals(wrongTo.replace("username=ada", "username=X"), unknownTo.replace("username=nobody", "username=X"));
        String page = send("GET", wrongTo, null, null).body();
        assertTrue(page.contains("That username and password do not match an active account."), page);
        assertTrue(page.contains("value=\"ada\""), "the name tried is kept in the form");
    }

    @Test
    void aDisabledAccountCannotLogIn() throws Exception {
        var grace = node.auth().users().create("grace", "Grace Hopper", PASSWORD, Role.MEMBER);
        node.database().sql().execute("update users set disabled_at = now() where id = " + grace.id());
        var login = logIn("grace", PASSWORD, null);
        assertTrue(login.headers().firstValue("Location").orElseThrow().startsWith("/login?"));
    }

    @Test
    void textInTheUsernameIsEscapedOnTheLoginPage() throws Exception {
        String page = send("GET", "/login?error=x&username=" + URLEncoder.encode("\"><script>alert(1)</script>", StandardCharsets.UTF_8), null, null).body();
        assertFalse(page.contains("<script>alert(1)</script>"), page);
        assertTrue(page.contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>\""), "the quote cannot end the attribute: " + page);
    }

    private static HttpResponse<String> logIn(String username, String password, String session) throws Exception {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send("POST", "/callback?client_name=FormClient", form, session);
    }

    private static HttpResponse<String> send(String method, String path, String form, String session) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        if (session != null) {
            request.header("Cookie", "sb_session=" + session);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("sb_session=") && !c.startsWith("sb_session=;"))
                .map(c -> c.substring("sb_session=".length(), c.indexOf(';')))
                .findFirst();
    }

}
