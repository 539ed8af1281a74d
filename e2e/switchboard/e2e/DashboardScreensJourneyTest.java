package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;

/** An admin filters the dashboard's stream while wagers in several currencies come in, on a phone, a laptop and the wall. */
class DashboardScreensJourneyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Journey journey;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        long admin = journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(journey.node.port(), journey.node.auth().apiKeys().create("book", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private static ObjectNode wager(String wagerId, String customer, String agent, String stake, String currency, String market) {
        return JSON.createObjectNode().put("type", "wager.placed").put("eventId", wagerId).put("wagerId", wagerId)
                .put("customerId", customer).put("agentId", agent).put("stake", stake).put("currency", currency).put("odds", "2.00")
                .put("market", market);
    }

    private static void place(ObjectNode wager) {
        var answer = server.post(wager, null);
        assertEquals(204, answer.statusCode(), answer.body());
    }

    @Test
    void aMinimumStakeInOneCurrencyHidesPushedWagersOfOthers() {
        place(wager("seed-eur", "c-seed", "north", "5.00", "EUR", "Final"));
        place(wager("seed-jpy", "c-seed-j", "north", "500", "JPY", "Final"));
        try (var context = journey.browser.newContext()) {
            Page admin = journey.signedIn(context, "root", "admin password");
            admin.navigate(journey.url("/dashboard"));
            admin.locator("select[name=currency]").selectOption("EUR");
            admin.locator("select[name=min]").selectOption("10000");
            admin.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(admin.locator("#wager-stream")).hasAttribute("data-currency", "EUR");
            place(wager("push-jpy", "c-push-j", "north", "15000", "JPY", "Final"));
            place(wager("push-eur", "c-push-e", "north", "20000.00", "EUR", "Final"));
            assertThat(admin.locator("#wager-stream [data-wager='push-eur']")).isVisible();
            // Pushed in order: once the EUR wager is in, the JPY one before it has arrived too, hidden.
            assertThat(admin.locator("#wager-stream [data-wager='push-jpy']")).hasCount(1);
            assertThat(admin.locator("#wager-stream [data-wager='push-jpy']")).isHidden();
        }
    }

    /**
     * Open alerts are seen without scrolling past the stream: a review found #alerts 5,962 px down a
     * phone (after the 50-item stream) and 1,218 px down a laptop, below the fold. On a laptop the
     * first alert is in the first screen, on a phone it comes before the stream.
     */
    @Test
    void openAlertsComeBeforeTheStreamOnAPhoneAndInTheFirstScreenOfALaptop() {
        var events = JSON.createArrayNode();
        String[] currencies = {"EUR", "GBP", "USD", "CHF"};
        for (int i = 0; i < 55; i++) {
            events.add(wager("top-" + i, "c-top-" + i, "west", "10", currencies[i % currencies.length], "Derby"));
        }
        assertEquals(204, server.post(events, null).statusCode());
        // Only this test's alert is open (others' tests may have raised some): over the big-wager threshold, a high alert, which gets no banner.
        journey.node.database().sql().execute("update alerts set acknowledged_by = 'Earlier', acknowledged_at = now() where acknowledged_at is null");
        place(wager("top-big", "c-top-big", "west", "9000.00", "EUR", "Derby"));
        for (int[] size : new int[][] {{390, 844}, {1366, 800}}) {
            try (var context = journey.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(size[0], size[1]))) {
                Page admin = journey.signedIn(context, "root", "admin password");
                admin.navigate(journey.url("/dashboard"));
                assertThat(admin.locator("#wager-stream > li")).hasCount(50);
                var alert = admin.locator("#alerts .alert[data-alert]:not(.acknowledged)");
                assertThat(alert).hasCount(1);
                assertThat(alert).containsText("top-big");
                assertThat(alert).isInViewport(new com.microsoft.playwright.assertions.LocatorAssertions.IsInViewportOptions().setRatio(1));
                double alertsTop = (Double) admin.locator("#alerts").evaluate("a => a.getBoundingClientRect().top + window.scrollY");
                double streamTop = (Double) admin.locator("#wager-stream").evaluate("s => s.getBoundingClientRect().top + window.scrollY");
                org.junit.jupiter.api.Assertions.assertTrue(alertsTop < streamTop && alertsTop < size[1],
                        size[0] + "×" + size[1] + ": the alerts at " + alertsTop + " px, the stream at " + streamTop + " px");
            }
        }
    }

    /**
     * Ids and markets as long as the API takes, without a space to break at, and the largest
     * amounts: no screen scrolls sideways (a review saw /dashboard 2,777 px wide on a 390 px
     * phone) and no figure on the wall is cut off.
     */
    @Test
    void longIdsAndMarketsNeverMakeAScreenScrollSideways() {
        String wagerId = "w".repeat(60) + "long";
        String customer = "c".repeat(60) + "long";
        String agent = "a".repeat(36) + "long";
        // Over the big-wager threshold and the customer's exposure limit: a high and a critical alert naming them.
        place(wager(wagerId, customer, agent, "30000.00", "EUR", "M".repeat(200)));
        place(wager("kwd-" + "k".repeat(60), "k".repeat(64), agent, "1000000000.000", "KWD", "K".repeat(200)).put("odds", "100000"));
        var modified = JSON.createObjectNode().put("type", "wager.modified").put("eventId", wagerId + "-m").put("wagerId", wagerId).put("stake", "30001.00");
        assertEquals(204, server.post(modified, null).statusCode());
        for (int[] size : new int[][] {{390, 844}, {1366, 800}}) {
            try (var context = journey.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(size[0], size[1]))) {
                Page admin = journey.signedIn(context, "root", "admin password");
                for (String path : new String[] {"/dashboard", "/dashboard?agent=" + agent}) {
                    admin.navigate(journey.url(path));
                    assertThat(admin.locator("#alert-banner")).containsText(customer);
                    assertThat(admin.locator("#activity")).containsText(wagerId);
                    assertEquals(Boolean.TRUE, admin.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"),
                            path + " at " + size[0] + "×" + size[1] + " is " + admin.evaluate("() => document.documentElement.scrollWidth") + " px wide");
                }
            }
        }
        String token = journey.node.auth().kioskLinks().create("Long wall", null).token();
        try (var wall = journey.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            Page page = wall.newPage();
            page.navigate(journey.url("/kiosk/" + token));
            page.navigate(journey.url("/dashboard/kiosk"));
            assertThat(page.locator("#kpis [data-currency='KWD'] [data-kpi='liability']")).hasText("100000000000000.000");
            Object clipped = page.evaluate("() => [...document.querySelectorAll('#kpis .tile')].flatMap(tile => {"
                    + " const box = tile.getBoundingClientRect();"
                    + " return [tile, ...tile.querySelectorAll('.kpi-value, .kpi-change, dt, h3, svg')].filter(el => {"
                    + "  const r = el.getBoundingClientRect();"
                    + "  return el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg' || r.right > box.right + 1 || r.left < box.left - 1"
                    + "   || (el.tagName === 'svg' && (el.parentElement.scrollWidth > el.parentElement.clientWidth + 1 || r.right > el.parentElement.getBoundingClientRect().right + 1));"
                    + " }).map(el => (tile.dataset.currency || 'players') + ' ' + el.tagName + ' ' + el.textContent.trim().slice(0, 30)); })");
            assertEquals(java.util.List.of(), clipped, "clipped on the wall");
            assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollWidth <= 1920"));
        }
    }
}
