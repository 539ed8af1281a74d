package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;
import switchboard.testing.Wait;

class HoldJourneyTest {
    private static final Pattern SINCE = Pattern.compile("since=(\\d+)");
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    /** Each story starts with nobody holding. */
    @BeforeEach
    void releaseEveryone() throws SQLException {
        try (var c = TestDatabase.connect(journey.database)) {
            c.createStatement().execute("update hold_sessions set ended_at = now() where ended_at is null");
        }
    }

    @Test
    void anotherVisitorSeesTheHoldAndTheReleaseWithoutReload() {
        try (BrowserContext holderContext = journey.browser.newContext(); BrowserContext watcherContext = journey.browser.newContext()) {
            Page holder = open(holderContext);
            Page watcher = open(watcherContext);
            assertThat(watcher.locator("#hold-count")).hasText("0");

            var button = holder.locator("#hold-button");
            var box = button.boundingBox();
            holder.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
            holder.mouse().down();
            assertThat(watcher.locator("#hold-count")).hasText("1", within(Duration.ofSeconds(2)));
            assertThat(holder.locator("#hold-count")).hasText("1", within(Duration.ofSeconds(2)));
            assertThat(button).hasAttribute("aria-pressed", "true");

            holder.mouse().up();
            assertThat(watcher.locator("#hold-count")).hasText("0", within(Duration.ofSeconds(2)));
            assertThat(holder.locator("#hold-count")).hasText("0", within(Duration.ofSeconds(2)));
        }
    }

    @Test
    void aPageWhoseStreamTheServerCutsCatchesUpOnWhatItMissed() throws SQLException {
        try (BrowserContext context = journey.browser.newContext()) {
            Page page = open(context);
            assertThat(page.locator("#hold-count")).hasText("0");
            long renderedAt = since(page);
            insertHold("first");
            assertThat(page.locator("#hold-count")).hasText("1", within(Duration.ofSeconds(5)));
            Wait.until("live.js to record the id of the event the page applied", () -> since(page) > renderedAt, Duration.ofSeconds(5));
            long applied = since(page);

            journey.node.hub().closeAll("test cuts the stream");
            Wait.until("the page's stream to be closed", () -> journey.node.hub().connectionCount() == 0, Duration.ofSeconds(5));
            insertHold("second");
            insertHold("third");

            // The browser reconnects after the server's retry (2-5 s) and must get both holds.
            assertThat(page.locator("#hold-count")).hasText("3", within(Duration.ofSeconds(15)));
            assertTrue(since(page) > applied, "the page's resume point moved on with the replayed change");
        }
    }

    @Test
    void theHtmxExtensionsOwnReconnectResumesFromTheSeqInItsUrl() throws SQLException {
        try (BrowserContext context = journey.browser.newContext()) {
            Page page = open(context);
            insertHold("first");
            assertThat(page.locator("#hold-count")).hasText("1", within(Duration.ofSeconds(5)));
            long applied = since(page);

            // The browser's own reconnect gets a 503: that closes the EventSource for good, and the
            // htmx SSE extension opens a new one from the sse-connect URL, without Last-Event-ID.
            var reconnects = new CopyOnWriteArrayList<Request>();
            page.route("**/live?**", route -> {
                reconnects.add(route.request());
                if (reconnects.size() == 1) {
                    route.fulfill(new Route.FulfillOptions().setStatus(503).setBody("restarting"));
                } else {
                    route.resume();
                }
            });
            journey.node.hub().closeAll("test cuts the stream");
            insertHold("second");
            insertHold("third");

            assertThat(page.locator("#hold-count")).hasText("3", within(Duration.ofSeconds(15)));
            Request extensionReconnect = reconnects.get(1);
            assertNull(extensionReconnect.headers().get("last-event-id"), "the extension sends no Last-Event-ID");
            assertTrue(extensionReconnect.url().contains("since=" + applied), extensionReconnect.url());
        }
    }

    @Test
    void aHoldTheServerRefusesLetsGoAndSaysWhy() {
        journey.node.auth().users().create("holder-" + System.nanoTime() % 100000, "Holder", "member password", switchboard.auth.Role.MEMBER);
        String name = journey.node.auth().users().all().stream().filter(u -> u.displayName().equals("Holder")).findFirst().orElseThrow().username();
        try (BrowserContext context = journey.browser.newContext()) {
            Page page = journey.signedIn(context, name, "member password");
            page.navigate(journey.url("/hold"));
            page.waitForFunction("() => window.htmx !== undefined");
            // Signed out elsewhere in this browser (another tab's Log out; sent here without moving focus): this page's token
            // is stale, so the server refuses its hold.
            String token = (String) page.evaluate("() => window.switchboardCsrf()");
            var out = context.request().post(journey.url("/logout"), com.microsoft.playwright.options.RequestOptions.create()
                    .setForm(com.microsoft.playwright.options.FormData.create().set("pac4jCsrfToken", token)).setMaxRedirects(0));
            org.junit.jupiter.api.Assertions.assertEquals(303, out.status());
            var button = page.locator("#hold-button");
            assertThat(button).isEnabled(); // the page's stream, closed with the session, is back (the count is public)
            button.focus();
            page.keyboard().down("Space");
            assertThat(page.locator("#hold-problem")).containsText("Your hold is not counted", new LocatorAssertions.ContainsTextOptions().setTimeout(8000));
            assertThat(page.locator("#hold-problem")).containsText("Reload the page to hold again.");
            assertThat(button).hasAttribute("aria-pressed", "false");
            assertThat(button).isDisabled();
            page.keyboard().up("Space");
        }
    }

    private Page open(BrowserContext context) {
        Page page = context.newPage();
        page.navigate(journey.url("/hold"));
        page.waitForFunction("() => window.htmx !== undefined");
        Wait.until("the page's stream to open", () -> journey.node.hub().connectionCount() >= 1, Duration.ofSeconds(5));
        return page;
    }

    private static long since(Page page) {
        String connect = page.locator("section.hold").getAttribute("sse-connect");
        Matcher m = SINCE.matcher(connect);
        assertTrue(m.find(), "the stream URL carries since=: " + connect);
        return Long.parseLong(m.group(1));
    }

    private static LocatorAssertions.HasTextOptions within(Duration timeout) {
        return new LocatorAssertions.HasTextOptions().setTimeout(timeout.toMillis());
    }

    private static void insertHold(String holder) throws SQLException {
        try (var c = TestDatabase.connect(journey.database);
             var st = c.prepareStatement("insert into hold_sessions (channel, holder) values ('main', ?)")) {
            st.setString(1, holder);
            st.execute();
        }
    }
}
