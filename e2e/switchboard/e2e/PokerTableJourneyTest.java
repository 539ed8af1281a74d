package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.PokerSimulator;

class PokerTableJourneyTest {
    private static Journey journey;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        long admin = journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        journey.node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        server = new IngestClient(journey.node.port(), journey.node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    @Test
    void aViewerSeesTheActionsOfAHandAppearInOrder() {
        var sim = new PokerSimulator("final-table", 4, 3);
        assertEquals(204, server.post(sim.open(), null).statusCode());
        try (var context = journey.browser.newContext()) {
            Page page = journey.signedIn(context, "ada", "member password");
            page.navigate(journey.url("/tables"));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Table final-table")).click();
            assertThat(page.locator("#table-log li")).hasCount(5);
            // No need to wait for the stream: the page carries the seq it was rendered at.

            var hand = sim.playHand();
            for (var event : hand) {
                assertEquals(204, server.post(event, null).statusCode());
            }
            // Every event of the hand is a new line, in the order the game server sent them.
            assertThat(page.locator("#table-log li")).hasCount(5 + hand.size());
            List<String> lines = page.locator("#table-log li").allTextContents();
            Object distinct = page.locator("#table-log li").evaluateAll("items => new Set(items.map(i => i.getAttribute('data-event'))).size");
            assertEquals(lines.size(), ((Number) distinct).intValue(), "every action shows once: " + lines);
            assertThat(page.locator("#table-log li").nth(5)).containsText("Hand #1 starts");
            assertThat(page.locator("#table-log li").last()).containsText("Hand #1:");
            for (int i = 0; i < hand.size(); i++) {
                String type = hand.get(i).get("type").asText();
                String line = lines.get(5 + i);
                if (type.equals("cards.dealt")) {
                    org.junit.jupiter.api.Assertions.assertTrue(line.matches("(Flop|Turn|River): .*"), line);
                }
            }
            assertThat(page.locator(".history")).containsText("Hand #1:");
            assertThat(page.locator("#table-state")).containsText("Waiting for the next hand");
            // A seat card reads "name, stack in chips": no stray separator drawn by the style sheet.
            Locator stack = page.locator(".seat .stack").first();
            assertThat(stack).hasText(java.util.regex.Pattern.compile("^\\d+ chips?$"));
            assertEquals("none", stack.evaluate("s => getComputedStyle(s, '::before').content"));
        }
    }

    @Test
    void onAPhoneTheActionLogShowsTheNewestActionAsItArrives() {
        var sim = new PokerSimulator("phone-table", 6, 3);
        assertEquals(204, server.post(sim.open(), null).statusCode());
        for (int h = 0; h < 2; h++) {
            for (var event : sim.playHand()) {
                assertEquals(204, server.post(event, null).statusCode());
            }
        }
        var phone = new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true).setHasTouch(true);
        try (var context = journey.browser.newContext(phone)) {
            Page page = journey.signedIn(context, "ada", "member password");
            page.navigate(journey.url("/tables/phone-table"));
            Locator log = page.locator("#table-log");
            page.waitForFunction("() => { const b = document.querySelector('#table-log'); return b.scrollHeight > b.clientHeight"
                    + " && b.scrollHeight - b.scrollTop - b.clientHeight < 40; }");
            int before = log.locator("li").count();
            var hand = sim.playHand();
            for (var event : hand) {
                assertEquals(204, server.post(event, null).statusCode());
            }
            assertThat(log.locator("li")).hasCount(Math.min(200, before + hand.size()));
            // The log's box shows its newest line without the reader scrolling it.
            page.waitForFunction("() => { const b = document.querySelector('#table-log'); return b.scrollHeight - b.scrollTop - b.clientHeight < 40; }");
        }
    }

    @Test
    void theTablesListUpdatesLiveWhenATableOpens() {
        try (var context = journey.browser.newContext()) {
            Page page = journey.signedIn(context, "ada", "member password");
            page.navigate(journey.url("/tables"));
            assertThat(page.locator("#tables-list")).isVisible();
            var sim = new PokerSimulator("late-table", 3, 5);
            assertEquals(204, server.post(sim.open(), null).statusCode());
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Table late-table"))).isVisible();
        }
    }
}
