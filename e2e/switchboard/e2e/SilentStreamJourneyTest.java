package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TcpRelay;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/**
 * A stream that falls silent without closing (a frozen node, a network dropping packets with no
 * reset) is a stream that is gone: the page says so within two heartbeats and comes back by
 * itself. Before, EventSource stayed "open" and the page showed old data as live for as long as
 * the silence lasted.
 */
class SilentStreamJourneyTest {
    private Switchboard node;
    private TcpRelay relay;
    private Playwright playwright;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(TestDatabase.fresh(), Map.of("SSE_HEARTBEAT", "1s"));
        relay = new TcpRelay("127.0.0.1", node.port());
        playwright = Browsers.playwright();
        browser = Browsers.chromium(playwright);
    }

    @AfterEach
    void stop() {
        browser.close();
        playwright.close();
        relay.close();
        node.close();
    }

    @Test
    void aPageWhoseStreamFallsSilentSaysSoAndComesBackWhenItIsHeardAgain() {
        try (var context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + relay.port() + "/hold");
            Locator banner = page.locator("#live-status");
            Locator hold = page.locator("#hold-button");
            page.waitForFunction("() => document.querySelector('[sse-connect]')?.switchboardSource?.readyState === 1");
            assertThat(banner).isHidden();
            assertThat(hold).isEnabled();

            relay.freeze();
            // Heartbeats every second: silence for 2 s + 5 s means the stream is gone.
            var soon = new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
            assertThat(banner).isVisible(soon);
            assertThat(banner).containsText("Reconnecting");
            assertThat(hold).isDisabled();

            relay.thaw();
            assertThat(banner).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(20_000));
            assertThat(hold).isEnabled();
        }
    }
}
