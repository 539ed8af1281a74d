package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.Config;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * The login throttle counts failures per client address. Behind a trusted proxy that address
 * comes from X-Forwarded-For (rightmost untrusted hop); from anyone else the header is ignored.
 */
class TrustedProxiesTest {
    private static int signIn(WebClient browser, String username, String password, String forwardedFor) {
        browser.get("/login");
        String body = "username=" + username + "&password=" + password.replace(' ', '+') + "&pac4jCsrfToken=" + browser.csrf();
        return browser.send("POST", "/callback?client_name=FormClient", body, "application/x-www-form-urlencoded",
                Map.of("X-Forwarded-For", forwardedFor)).statusCode();
    }

    private static void failTenTimes(Switchboard node, String forwardedFor) {
        for (int i = 0; i < 10; i++) {
            assertEquals(303, signIn(new WebClient(node.port()), "nobody" + i, "wrong password", forwardedFor));
        }
    }

    @Test
    void behindATrustedProxyOneClientsFailuresDoNotBlockAnother() {
        try (var node = TestNode.start(TestDatabase.fresh(), Map.of("TRUSTED_PROXIES", "127.0.0.1, ::1"))) {
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            failTenTimes(node, "203.0.113.5");
            assertEquals(429, signIn(new WebClient(node.port()), "ada", "member password", "203.0.113.5"), "the failing client is throttled");
            assertEquals(429, signIn(new WebClient(node.port()), "ada", "member password", "198.51.100.1, 203.0.113.5"),
                    "naming another address in front does not escape it: the proxy's hop is the one read");
            assertEquals(303, signIn(new WebClient(node.port()), "ada", "member password", "203.0.113.6"), "another client signs in");
        }
    }

    @Test
    void guessesAtAnAccountFromOneAddressDoNotLockItsOwnerOutElsewhere() {
        try (var node = TestNode.start(TestDatabase.fresh(), Map.of("TRUSTED_PROXIES", "127.0.0.1, ::1"))) {
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            for (int i = 0; i < 10; i++) {
                assertEquals(303, signIn(new WebClient(node.port()), "ada", "guess " + i, "203.0.113.5"));
            }
            assertEquals(429, signIn(new WebClient(node.port()), "ada", "member password", "203.0.113.5"), "the guessing client waits");
            var owner = new WebClient(node.port());
            assertEquals(303, signIn(owner, "ada", "member password", "198.51.100.7"));
            assertTrue(owner.get("/").body().contains("Signed in as <strong>Ada</strong>"), "the owner, elsewhere, is signed in");

            // Guesses spread over many addresses still meet a limit on the account itself.
            int wide = 10 * LoginThrottle.ACCOUNT_WIDE;
            for (int i = 10; i < wide; i++) {
                assertEquals(303, signIn(new WebClient(node.port()), "ada", "guess " + i, "192.0.2." + (i / 10)));
            }
            assertEquals(429, signIn(new WebClient(node.port()), "ada", "member password", "198.51.100.8"),
                    wide + " failures from " + wide / 10 + " addresses in a minute hold the account everywhere");
            assertEquals(303, signIn(new WebClient(node.port()), "grace", "any password", "198.51.100.8"), "other accounts are not held");
        }
    }

    @Test
    void guessesSentInParallelMeetTheSameLimitAsGuessesInTurn() throws Exception {
        try (var node = TestNode.start(TestDatabase.fresh(), Map.of("TRUSTED_PROXIES", "127.0.0.1, ::1"))) {
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            // A right password leaves no row behind: it was an attempt, not a failure.
            assertEquals(303, signIn(new WebClient(node.port()), "ada", "member password", "203.0.113.5"));
            assertEquals(0, node.database().sql().fetchCount(switchboard.db.jooq.Tables.LOGIN_FAILURES));
            var browsers = new java.util.ArrayList<WebClient>();
            for (int i = 0; i < 40; i++) {
                var browser = new WebClient(node.port());
                browser.get("/login");
                browsers.add(browser);
            }
            var start = new java.util.concurrent.CountDownLatch(1);
            var answers = new java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.AtomicInteger>();
            var threads = new java.util.ArrayList<Thread>();
            for (int i = 0; i < browsers.size(); i++) {
                var browser = browsers.get(i);
                String body = "username=ada&password=guess+" + i + "&pac4jCsrfToken=" + browser.csrf();
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    int status = browser.send("POST", "/callback?client_name=FormClient", body, "application/x-www-form-urlencoded",
                            Map.of("X-Forwarded-For", "203.0.113.5")).statusCode();
                    answers.computeIfAbsent(status, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            int checked = answers.getOrDefault(303, new java.util.concurrent.atomic.AtomicInteger()).get();
            assertTrue(checked <= 10, "at most 10 of 40 parallel guesses had their password checked: " + answers);
            assertEquals(40, checked + answers.getOrDefault(429, new java.util.concurrent.atomic.AtomicInteger()).get(), "the rest were 429: " + answers);
            assertEquals(checked, node.database().sql().fetchCount(switchboard.db.jooq.Tables.LOGIN_FAILURES,
                    switchboard.db.jooq.Tables.LOGIN_FAILURES.KEY.eq("ip:203.0.113.5")), "one failure per checked guess, none per refused one");
            assertEquals(303, signIn(new WebClient(node.port()), "ada", "member password", "198.51.100.7"), "the owner signs in elsewhere");
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        try (var node = TestNode.start(TestDatabase.fresh())) {
            node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
            for (int i = 0; i < 10; i++) {
                assertEquals(303, signIn(new WebClient(node.port()), "nobody" + i, "wrong password", "203.0.113." + i));
            }
            assertEquals(429, signIn(new WebClient(node.port()), "ada", "member password", "203.0.113.99"),
                    "a fresh X-Forwarded-For per attempt does not reset the count");
        }
    }

    @Test
    void aMistypedTrustedProxiesStopsTheStart() {
        var e = assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("TRUSTED_PROXIES", "10.0.0.0/33")));
        assertTrue(e.getMessage().contains("TRUSTED_PROXIES"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("TRUSTED_PROXIES", "proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("SESSION_IDLE", "1s")));
        assertEquals(20, Config.fromEnvironment(Map.of()).liveStreamsPerAccount());
    }
    /**
     * A link shown to be opened on another device (a kiosk link) carries the scheme a trusted
     * proxy says the browser used (TLS ends at the balancer); from anyone else the header is
     * ignored, and a Host that is not a plain name and port is not echoed into the link.
     */
    @Test
    void linksForAnotherDeviceTakeTheSchemeOnlyATrustedProxyNames() throws Exception {
        try (var node = TestNode.start(TestDatabase.fresh(), Map.of("TRUSTED_PROXIES", "127.0.0.1, ::1"));
                var direct = TestNode.start(TestDatabase.fresh())) {
            assertEquals("https://switchboard.example:8443", kioskLinkOrigin(node, "switchboard.example:8443", "https"));
            assertEquals("http://switchboard.example", kioskLinkOrigin(node, "switchboard.example", "gopher"), "only http or https is taken");
            assertEquals("https://127.0.0.1:" + node.port(), kioskLinkOrigin(node, "a_b.example", "https"), "an odd Host is not echoed");
            assertEquals("http://switchboard.example", kioskLinkOrigin(direct, "switchboard.example", "https"), "not from a trusted proxy");
        }
    }

    /** Creates a kiosk link as an admin, the request sent with {@code host} and {@code X-Forwarded-Proto}; the link's origin. */
    private static String kioskLinkOrigin(Switchboard node, String host, String proto) throws Exception {
        if (node.auth().users().all().stream().noneMatch(u -> u.username().equals("root"))) {
            node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
        }
        var admin = WebClient.signedIn(node.port(), "root", "admin password");
        String body = "screen=Wall&pac4jCsrfToken=" + java.net.URLEncoder.encode(admin.csrf(), java.nio.charset.StandardCharsets.UTF_8);
        String request = "POST /admin/kiosks HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Proto: " + proto + "\r\nCookie: sb_session=" + admin.cookie("sb_session")
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (var socket = new java.net.Socket("127.0.0.1", node.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 303"), answer);
        }
        var m = java.util.regex.Pattern.compile("value=\"([^\"]+)/kiosk/[A-Za-z0-9_-]{43}\"").matcher(admin.get("/admin/kiosks").body());
        assertTrue(m.find(), "the page shows the new link");
        return m.group(1);
    }
}
