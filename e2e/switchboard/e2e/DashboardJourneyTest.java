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
        var event = JSON.createObjectNode().put("type", "wager.placed").put("eventId", wagerId).put("wagerId", wagerId)
                .put("customerId", "c-7").put("agentId", "north").put("stake", stake).put("currency", "EUR").put("odds", "2.00")
                .put("market", "Cup final: winner");
        assertEquals(204, server.post(event, null).statusCode());
    }

    @Test
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
                .setTimezoneId(zone.getId()).setLocale("en-GB"))) {
            Page page = wall.newPage();
            page.navigate(journey.url("/kiosk/" + token));
            page.navigate(journey.url("/dashboard/kiosk"));
            assertThat(page.locator("#connection")).hasAttribute("data-conn", "live");
            place("w-wall", "12.00");
            assertThat(page.locator("#wager-stream [data-wager='w-wall']")).isVisible();
            // Every clock on the screen is the wall's own time of day (UTC only without JavaScript).
            var placedAt = page.locator("#wager-stream [data-wager='w-wall'] time");
            assertThat(placedAt).hasText(java.time.Instant.parse(placedAt.getAttribute("datetime")).atZone(zone)
                    .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")));
            assertThat(page.locator("#last-updated")).hasText(java.util.regex.Pattern.compile("^\\d{2}:\\d{2}:\\d{2}$"));
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
}
