package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;

/** An admin and an agent watch the dashboard while a game server reports wagers; a wall screen watches too. */
// The first journey counts from an empty book (its liability is its own wager's); the others add to it.
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardJourneyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Journey journey;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        var users = journey.node.auth().users();
        long admin = users.create("root", "Root", "admin password", Role.ADMIN).id();
        long agent = users.create("north", "Agent North", "agent password", Role.AGENT).id();
        journey.node.database().sql().execute("insert into agents (id, name) values ('north', 'North')");
        journey.node.database().sql().execute("insert into agent_accounts (user_id, agent_id) values ({0}, 'north')", agent);
        server = new IngestClient(journey.node.port(), journey.node.auth().apiKeys().create("book", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private static void place(String wagerId, String stake) {
        place(wager(wagerId, "c-7", stake, "EUR"));
    }

    private static void place(Object events) {
        assertEquals(204, server.post(events, null).statusCode());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode wager(String wagerId, String customer, String stake, String currency) {
        return JSON.createObjectNode().put("type", "wager.placed").put("eventId", wagerId).put("wagerId", wagerId)
                .put("customerId", customer).put("agentId", "north").put("stake", stake).put("currency", currency).put("odds", "2.00")
                .put("market", "Cup final: winner");
    }

    private static Page wallScreen(com.microsoft.playwright.BrowserContext wall) {
        Page page = wall.newPage();
        page.navigate(journey.url("/kiosk/" + journey.node.auth().kioskLinks().create("Wall " + System.nanoTime(), null).token()));
        page.navigate(journey.url("/dashboard/kiosk"));
        assertThat(page.locator("#connection")).hasAttribute("data-conn", "live");
        return page;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aWagerAndItsAlertReachBothScreensAndAcknowledgingClearsItEverywhere() {
        try (var adminContext = journey.browser.newContext(); var agentContext = journey.browser.newContext()) {
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            Page agent = journey.signedIn(agentContext, "north", "agent password");
            admin.navigate(journey.url("/dashboard"));
            agent.navigate(journey.url("/dashboard"));
            assertThat(agent.locator("#kpis")).containsText("No wagers yet");

            place("w-1", "40.00");
            for (Page page : new Page[] {admin, agent}) {
                assertThat(page.locator("#wager-stream [data-wager='w-1']")).isVisible();
                assertThat(page.locator("#kpis [data-currency='EUR'] [data-kpi='liability']")).hasText("80.00");
            }

            place("w-2", "9000.00");
            for (Page page : new Page[] {admin, agent}) {
                assertThat(page.locator("#alerts .alert-high")).containsText("w-2");
            }
            // By keyboard: the alerts region is redrawn under the focused button, and focus stays in it.
            agent.locator("#alerts .alert-high").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Acknowledge")).focus();
            agent.keyboard().press("Enter");
            for (Page page : new Page[] {admin, agent}) {
                assertThat(page.locator("#alerts .alert-high")).hasCount(0);
                assertThat(page.locator("#alerts .acknowledged")).containsText("acknowledged by Agent North");
            }
            assertEquals(Boolean.TRUE, agent.evaluate("() => document.getElementById('alerts').contains(document.activeElement)"),
                    "focus stays in the alerts region after acknowledging by keyboard");
            // An acknowledged alert passes axe (it is marked, not dimmed below AA contrast).
            assertEquals(java.util.List.of(), Axe.seriousViolations(agent), "axe on the dashboard with an acknowledged alert");

            // The first acknowledgement after a load: the page's own copy has a hidden CSRF field
            // before each button, the pushed one has none; focus lands on the next alert's button.
            for (String id : new String[] {"w-3", "w-4", "w-5"}) {
                place(wager(id, "c-" + id, "9000.00", "EUR"));
            }
            assertThat(agent.locator("#alerts .alert-high")).hasCount(3);
            agent.reload();
            var open = agent.locator("#alerts .alert-high");
            assertThat(open).hasCount(3);
            String second = open.nth(1).getAttribute("data-alert");
            open.first().getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Acknowledge")).focus();
            agent.keyboard().press("Enter");
            assertThat(open).hasCount(2);
            assertEquals("BUTTON " + second, agent.evaluate("() => document.activeElement.tagName + ' '"
                    + " + (document.activeElement.closest('[data-alert]') || {dataset: {}}).dataset.alert"),
                    "focus on the next alert's button, not the one after it");

            // A wager that changes is one row, in its latest state: the status filter tells the truth.
            var settled = JSON.createObjectNode().put("type", "wager.settled").put("eventId", "w-1-settled").put("wagerId", "w-1")
                    .put("result", "lost");
            assertEquals(204, server.post(settled, null).statusCode());
            for (Page page : new Page[] {admin, agent}) {
                assertThat(page.locator("#wager-stream [data-wager='w-1'][data-status='lost']")).hasCount(1);
                assertThat(page.locator("#wager-stream [data-wager='w-1']")).hasCount(1);
            }
        }
    }

    @Test
    void theWallScreenUpdatesLiveAndWithoutJavaScriptAnswers304WhileNothingChanged() {
        String token = journey.node.auth().kioskLinks().create("Office wall", null).token();
        var zone = java.time.ZoneId.of("Asia/Kolkata");
        try (var wall = journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080)
                .setTimezoneId(zone.getId()).setLocale("en-US"))) {
            Page page = wall.newPage();
            page.navigate(journey.url("/kiosk/" + token));
            page.navigate(journey.url("/dashboard/kiosk"));
            assertThat(page.locator("#connection")).hasAttribute("data-conn", "live");
            place("w-wall", "12.00");
            assertThat(page.locator("#wager-stream [data-wager='w-wall']")).isVisible();
            // Every clock on the screen is the wall's own time of day (UTC only without JavaScript), 24-hour
            // hh:mm:ss as the server writes it, in a 12-hour locale too (a review saw "Last updated 01:07:33 AM").
            var hhmmss = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
            var placedAt = page.locator("#wager-stream [data-wager='w-wall'] time");
            assertThat(placedAt).hasText(java.time.OffsetDateTime.parse(placedAt.getAttribute("datetime")).atZoneSameInstant(zone).format(hhmmss));
            var updated = page.locator("#last-updated");
            assertThat(updated).hasText(java.util.regex.Pattern.compile("^\\d{2}:\\d{2}:\\d{2}$"));
            // Read at once: a tick may set both anew between two reads.
            var shown = (java.util.List<?>) updated.evaluate("t => [t.getAttribute('datetime'), t.textContent]");
            assertEquals(java.time.OffsetDateTime.parse((String) shown.get(0)).atZoneSameInstant(zone).format(hhmmss), shown.get(1));
            assertThat(page.locator("#kpis time")).not().containsText("UTC");
        }
        try (var noScript = journey.browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
            Page page = noScript.newPage();
            page.navigate(journey.url("/kiosk/" + token));
            var first = page.navigate(journey.url("/dashboard/kiosk"));
            assertEquals(200, first.status());
            assertThat(page.locator("noscript").first()).isAttached();
            assertThat(page.locator("#last-updated")).containsText("UTC");
            String etag = first.headers().get("etag");
            var again = noScript.request().get(journey.url("/dashboard/kiosk"), RequestOptions.create().setHeader("If-None-Match", etag));
            // At a minute's turn the tag moves on (time-based tiles change): then the page is new.
            if (again.status() != 304) {
                assertEquals(200, again.status());
                org.junit.jupiter.api.Assertions.assertNotEquals(etag, again.headers().get("etag"));
            }
        }
    }

    /**
     * No page of the dashboard breaks the Content Security Policy: a review saw "Applying inline
     * style violates … style-src 'self'" on every load of the dashboard and the wall (htmx's
     * indicator styles, which a page turns off with its htmx-config meta).
     */
    @Test
    void neitherTheDashboardNorTheWallBreaksTheContentSecurityPolicy() {
        try (var adminContext = journey.browser.newContext(); var wall = journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            var violations = new java.util.concurrent.CopyOnWriteArrayList<String>();
            java.util.function.Consumer<com.microsoft.playwright.ConsoleMessage> csp = message -> {
                if (message.text().contains("Content Security Policy")) {
                    violations.add(message.page().url() + ": " + message.text());
                }
            };
            adminContext.onConsoleMessage(csp);
            wall.onConsoleMessage(csp);
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/dashboard"));
            Page screen = wallScreen(wall);
            // Both pages have run their scripts and swapped a push in.
            place("w-csp", "3.00");
            assertThat(admin.locator("#wager-stream [data-wager='w-csp']")).isVisible();
            assertThat(screen.locator("#wager-stream [data-wager='w-csp']")).isVisible();
            // And an alert acknowledged through htmx, and a filter.
            place("w-csp-big", "9500.00");
            var alert = admin.locator("#alerts .alert-high", new Page.LocatorOptions().setHasText("w-csp-big"));
            alert.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Acknowledge")).click();
            assertThat(admin.locator("#alerts .acknowledged", new Page.LocatorOptions().setHasText("w-csp-big"))).hasCount(1);
            admin.locator("select[name=status]").selectOption("pending");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(admin.locator("#wager-stream")).hasAttribute("data-status", "pending");
            assertEquals(java.util.List.of(), violations);
        }
    }

    /**
     * A wall screen nobody scrolls: at 1920×1080 the tiles of one, three and six currencies, the
     * alerts banner, the newest 12 wagers and the status line are all in view, and no number
     * breaks across lines (an outside review saw the page 3,222 px tall, "-92824.2 / 0").
     */
    @Test
    void theWallScreenFitsOneScreenWithOneThreeAndSixCurrencies() {
        var twelve = JSON.createArrayNode();
        for (int i = 0; i < 12; i++) {
            twelve.add(wager("fit-eur-" + i, "c-fit-" + i, "19999.99", "EUR"));
        }
        place(twelve);
        try (var wall = journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            Page page = wallScreen(wall);
            fits(page, 1);
            place(wager("fit-gbp", "c-fit-gbp", "24999.99", "GBP"));
            place(wager("fit-usd", "c-fit-usd", "24999.99", "USD"));
            fits(page, 3);
            place(wager("fit-jpy", "c-fit-jpy", "24999", "JPY"));
            place(wager("fit-kwd", "c-fit-kwd", "24999.999", "KWD"));
            // Over the customer's exposure limit: a critical alert, on the banner.
            place(wager("fit-chf", "c-fit-chf", "30000.00", "CHF"));
            assertThat(page.locator("#alert-banner .critical-banner").first()).isInViewport(new com.microsoft.playwright.assertions.LocatorAssertions.IsInViewportOptions().setRatio(1));
            fits(page, 6);
            assertEquals(java.util.List.of(), Axe.seriousViolations(page), "axe on the wall screen with six currencies");
            // The wall's heading is for screen readers only: it must not move what the screen shows (fits, again).
            assertEquals(java.util.List.of(), Axe.violations(page, "page-has-heading-one", "landmark-one-main", "document-title", "heading-order"),
                    "the wall has an h1, and its tiles' headings follow in order");
            fits(page, 6);
        }
    }

    private static void fits(Page page, int currencies) {
        var whole = new com.microsoft.playwright.assertions.LocatorAssertions.IsInViewportOptions().setRatio(1);
        assertThat(page.locator("#kpis [data-currency]")).hasCount(currencies);
        var wagers = page.locator("#wager-stream > li");
        assertThat(wagers).hasCount(12);
        for (int i = 0; i < 12; i++) {
            assertThat(wagers.nth(i)).isInViewport(whole);
        }
        page.locator("#kpis [data-currency]").all().forEach(tile -> assertThat(tile).isInViewport(whole));
        assertThat(page.locator("#connection")).isInViewport(whole);
        assertThat(page.locator("#last-updated")).isInViewport(whole);
        assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollHeight <= 1080 && document.documentElement.scrollWidth <= 1920"),
                "the wall scrolls with " + currencies + " currencies");
        Object broken = page.evaluate("() => [...document.querySelectorAll('.kpi-value')].filter(v => {"
                + " const style = getComputedStyle(v); const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;"
                + " return v.getBoundingClientRect().height > line * 1.5; }).map(v => v.textContent)");
        assertEquals(java.util.List.of(), broken, "numbers broken across lines with " + currencies + " currencies");
    }

    /**
     * Pushed wagers beyond a region's bound leave the page (a wall running all day grew by
     * ~170,000 nodes): the wall keeps 12, /dashboard 200; a burst still says "+N more", and a
     * wager that changes is still one row.
     */
    @Test
    void pushedWagersBeyondARegionsBoundLeaveThePage() {
        try (var wall = journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080));
             var adminContext = journey.browser.newContext()) {
            Page screen = wallScreen(wall);
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/dashboard"));
            for (int i = 0; i < 16; i++) {
                place(wager("trim-" + i, "c-trim-" + i, "1.00", "EUR"));
                assertThat(screen.locator("#wager-stream [data-wager='trim-" + i + "']")).hasCount(1);
                assertEquals(Boolean.TRUE, screen.evaluate("() => document.querySelectorAll('#wager-stream > li').length <= 12"));
            }
            assertThat(screen.locator("#wager-stream > li")).hasCount(12);
            var settled = JSON.createObjectNode().put("type", "wager.settled").put("eventId", "trim-15-settled").put("wagerId", "trim-15")
                    .put("result", "lost");
            place(settled);
            assertThat(screen.locator("#wager-stream [data-wager='trim-15'][data-status='lost']")).hasCount(1);
            assertThat(screen.locator("#wager-stream [data-wager='trim-15']")).hasCount(1);
            for (int burst = 0; burst < 10; burst++) {
                var events = JSON.createArrayNode();
                for (int i = 0; i < 25; i++) {
                    events.add(wager("burst-" + burst + "-" + i, "c-burst-" + i, "1.00", "EUR"));
                }
                place(events);
                String newest = "#wager-stream [data-wager='burst-" + burst + "-24']";
                assertThat(admin.locator(newest)).hasCount(1);
                assertThat(screen.locator(newest)).hasCount(1);
                assertEquals(Boolean.TRUE, admin.evaluate("() => document.querySelectorAll('#wager-stream > li').length <= 200"));
            }
            assertThat(screen.locator("#wager-stream > li.more").first()).isVisible();
            assertThat(screen.locator("#wager-stream > li")).hasCount(12);
            assertThat(admin.locator("#wager-stream > li.more").first()).isVisible();
            assertThat(admin.locator("#wager-stream > li")).hasCount(200);
        }
    }
}
