package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.PokerSimulator;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

class PokerTableJourneyTest {
    private static Switchboard node;
    private static Playwright playwright;
    private static Browser browser;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        long admin = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        server = new IngestClient(node.port(), node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, admin).secret());
        playwright = Browsers.playwright();
        browser = Browsers.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        node.close();
    }

    @Test
    void aViewerSeesTheActionsOfAHandAppearInOrder() {
        var sim = new PokerSimulator("final-table", 4, 3);
        assertEquals(204, server.post(sim.open(), null).statusCode());
        try (var context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + node.port() + "/login");
            page.getByLabel("Username").fill("ada");
            page.getByLabel("Password").fill("member password");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
            page.navigate("http://127.0.0.1:" + node.port() + "/tables");
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
        }
    }
}
