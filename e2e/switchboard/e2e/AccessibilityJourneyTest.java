package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.PokerSimulator;

/**
 * axe-core over every page of the site, as the account that sees it: no serious or critical
 * violation; and every page fits a phone (390x844) and a laptop (1366x800) without scrolling sideways.
 */
class AccessibilityJourneyTest {
    /** GET routes that are not pages a person reads: streams, fragments, files, redirects (JSON is skipped by its type). */
    private static final Set<String> NOT_PAGES = Set.of("/live", "/health", "/admin/metrics", "/admin", "/ingest/v1/key",
            "/chat/{id}/messages", "/chat/{id}/messages/{message}", "/chat/people", "/chat/{id}/attachments/{file}", "/kiosk/{token}", "/callback", "/logout");
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        long root = journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        journey.node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        var server = new IngestClient(journey.node.port(), journey.node.auth().apiKeys().create("sim", ApiKeys.SCOPE_INGEST, root).secret());
        var sim = new PokerSimulator("axe-table", 3, 9);
        assertEquals(204, server.post(sim.open(), null).statusCode());
        for (var event : sim.playHand()) {
            assertEquals(204, server.post(event, null).statusCode());
        }
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    @Test
    void noPageHasASeriousOrCriticalViolation() {
        try (BrowserContext adminContext = journey.browser.newContext(); BrowserContext anonymousContext = journey.browser.newContext();
             BrowserContext kioskContext = journey.browser.newContext()) {
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/admin/polls"));
            admin.getByLabel("Question").fill("Lunch?");
            admin.getByLabel("Options, one per line (2 to 10)").fill("Soup\nSalad");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create draft")).click();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the poll")).click();
            String poll = admin.url().replaceAll(".*/admin/polls/(\\d+).*", "$1");
            admin.navigate(journey.url("/chat"));
            admin.getByLabel("Title").fill("Welcome");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create thread")).click();
            assertThat(admin.locator("#thread-head h1")).hasText("Welcome");
            admin.locator("#composer-body").fill("Hello https://example.org");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
            assertThat(admin.locator("#messages .message")).hasCount(1);
            String thread = admin.url().replaceAll(".*/chat/(\\d+).*", "$1");

            switchboard.records.Records.seed(journey.node.database(), 100, done -> { });
            // Meeting #1 gets a decision and an action item, so its edit and removal forms are checked too.
            journey.node.database().sql().execute("insert into meeting_decisions (meeting_id, text) select 1, 'Open a warm room' where exists (select 1 from meetings where id = 1)");
            journey.node.database().sql().execute("insert into action_items (decision_id, title) select id, 'Find a room' from meeting_decisions where meeting_id = 1");
            var kiosk = journey.node.auth().kioskLinks().create("Lobby", null);
            Page screen = kioskContext.newPage();
            screen.navigate(journey.url("/kiosk/" + kiosk.token()));

            Map<String, Page> pages = new LinkedHashMap<>();
            for (var route : journey.node.routes().all()) {
                // CSV exports are downloads, not pages.
                if (!route.method().equals("GET") || NOT_PAGES.contains(route.path()) || route.path().endsWith("/export")) {
                    continue;
                }
                String path = route.path()
                        .replace("/polls/{id}", "/polls/" + poll)
                        .replace("/chat/{id}", "/chat/" + thread)
                        .replace("/tables/{id}", "/tables/axe-table")
                        .replaceAll("^(/records/[a-z]+)/\\{id}", "$1/1");
                assertTrue(!path.contains("{"), "no example id for " + route.path() + ": add one, or list it as not a page");
                Page as = switch (route.access()) {
                    case PUBLIC -> anonymousContext.newPage();
                    default -> path.contains("kiosk") ? screen : admin;
                };
                pages.put(path, as);
            }
            pages.put("/no/such/page", anonymousContext.newPage());
            pages.put("/chat/999999", admin);

            List<String> found = new ArrayList<>();
            List<String> checked = new ArrayList<>();
            for (var entry : pages.entrySet()) {
                Page page = entry.getValue();
                var response = page.navigate(journey.url(entry.getKey()));
                if (!response.headerValue("content-type").startsWith("text/html")) {
                    continue; // JSON and files are not pages
                }
                checked.add(entry.getKey());
                for (String violation : Axe.seriousViolations(page)) {
                    found.add(entry.getKey() + ": " + violation);
                }
                // A phone (390 px) and a laptop (1366 px): the page fits without scrolling sideways.
                for (int[] size : new int[][] {{390, 844}, {1366, 800}}) {
                    page.setViewportSize(size[0], size[1]);
                    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (((Number) overflow).intValue() > 0) {
                        found.add(entry.getKey() + ": scrolls sideways by " + overflow + " px at " + size[0] + "x" + size[1]);
                    }
                }
                page.setViewportSize(1280, 720);
            }
            assertTrue(checked.size() >= 18, "pages checked: " + checked);
            assertEquals(List.of(), found, String.join("\n", found));
        }
    }
}
