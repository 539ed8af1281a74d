package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/** What a page shows while its node is gone, and when it is back; and a kiosk signed out under it. */
class OfflineJourneyTest {
    private DatabaseUrl database;
    private Switchboard node;
    private Playwright playwright;
    private Browser browser;

    @BeforeEach
    void start() {
        database = TestDatabase.fresh();
        node = TestNode.start(database);
        node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        playwright = Browsers.playwright();
        browser = Browsers.chromium(playwright);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
            playwright.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    /** Ada, signed in, on a thread "Ops" she has just made. */
    private Page adaInANewThread(com.microsoft.playwright.BrowserContext context) {
        Page ada = context.newPage();
        ada.navigate(url("/login"));
        Journey.logIn(ada, "ada", "member password");
        ada.navigate(url("/chat"));
        ada.getByLabel("Title").fill("Ops");
        ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create thread")).click();
        assertThat(ada.locator("#thread-head h1")).hasText("Ops");
        return ada;
    }

    @Test
    void aStoppedNodeShowsReconnectingAndDisablesSendingThenThePageCatchesUp() {
        try (var context = browser.newContext()) {
            Page ada = adaInANewThread(context);
            long thread = Long.parseLong(ada.url().substring(ada.url().lastIndexOf('/') + 1));
            Locator send = ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"));
            Locator banner = ada.locator("#live-status");
            assertThat(send).isEnabled();
            assertThat(banner).isHidden();

            int port = node.port();
            node.close();
            node = null;
            assertThat(banner).isVisible();
            assertThat(banner).containsText("Reconnecting");
            assertThat(send).isDisabled();
            // Enter while offline: the composer itself says it was not sent, and the text stays.
            ada.locator("#composer-body").fill("typed while offline");
            ada.locator("#composer-body").press("Enter");
            assertThat(ada.locator("p.form-error")).containsText("Not sent: the page is offline");
            assertThat(ada.locator("#composer-body")).hasValue("typed while offline");
            // Written while no node serves the page: the page gets it when the stream is back.
            try (var direct = Database.open(database, 2)) {
                direct.sql().execute("insert into messages (thread_id, author_id, body) "
                        + "select {0}, id, 'written while you were away' from users where username = 'ada'", thread);
            }
            node = TestNode.start(database, Map.of(), port, new AtomicBoolean());

            var slow = new LocatorAssertions.IsHiddenOptions().setTimeout(20_000);
            assertThat(banner).isHidden(slow);
            assertThat(send).isEnabled();
            assertThat(ada.locator("#messages .message")).containsText(new String[] {"written while you were away"});
        }
    }

    @Test
    void aFormThatCouldNotBeSentOrWasRefusedSaysSoAboveItself() {
        try (var context = browser.newContext()) {
            Page ada = adaInANewThread(context);
            Locator error = ada.locator("p.form-error");
            Locator body = ada.locator("#composer-body");
            // The stream stays up (its controls enabled), but the post itself never arrives.
            ada.route("**/chat/*/messages", route -> route.abort("connectionreset"));
            body.fill("lost on the way");
            body.press("Enter");
            assertThat(error).hasText("Could not reach the server: this was not sent. Check your connection, then try again.");
            assertThat(error).hasAttribute("role", "alert");
            // Refused: the server's own message (plain text for htmx), once, in place of the last.
            ada.unroute("**/chat/*/messages");
            ada.route("**/chat/*/messages", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                    .setStatus(429).setContentType("text/plain").setBody("Slow down: at most 10 messages in 10 s.")));
            body.press("Enter");
            assertThat(error).hasText("Slow down: at most 10 messages in 10 s.");
            ada.unroute("**/chat/*/messages");
            body.press("Enter");
            assertThat(ada.locator("#messages .message")).containsText(new String[] {"lost on the way"});
            assertThat(error).hasCount(0);
        }
    }

    @Test
    void aRevokedKioskScreenSaysItIsSignedOutInsteadOfFreezing() {
        var link = node.auth().kioskLinks().create("Lobby TV", null);
        try (var context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            Page screen = context.newPage();
            screen.navigate(url("/kiosk/" + link.token()));
            // A kiosk link lands on a kiosk home: choose the screen; nothing to log out of.
            assertThat(screen.locator("h1")).hasText("Choose what this screen shows");
            assertThat(screen.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out"))).hasCount(0);
            screen.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Live statistics")).click();
            assertThat(screen.locator("#stat-members")).isVisible();
            assertThat(screen.locator(".kiosk-status")).containsText("Live");
            assertThat(screen.locator("#last-updated")).isVisible();
            double size = ((Number) screen.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")).doubleValue();
            org.junit.jupiter.api.Assertions.assertTrue(size >= 28, "kiosk type on a 1920 px screen: " + size);
            Locator banner = screen.locator("#live-status");
            assertThat(banner).isHidden();
            screen.waitForFunction("() => document.querySelector('[sse-connect]').switchboardSource?.readyState === 1");

            node.auth().kioskLinks().revoke(link.link().id());
            // The stream closes at once; its reconnect (after the server's retry: of 2-5 s) is refused,
            // and only then does the page ask whether it is still signed in.
            assertThat(banner).containsText("Signed out", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
            assertThat(banner).containsText("Ask an admin for a new kiosk link");
            assertThat(screen.locator("html")).hasAttribute("data-live", "signed-out");
        }
    }
}
