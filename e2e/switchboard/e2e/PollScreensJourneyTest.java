package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import switchboard.auth.Role;

/**
 * The poll and statistics pages on a phone (390x844) and a laptop (1366x800), as a member and as
 * a kiosk screen: no sideways scrolling, no serious axe-core violation; on the phone the links
 * that stand alone are 44 px targets and an option's label uses the width, its words whole.
 */
class PollScreensJourneyTest {
    private static final String TARGETS = ".page-links a, .poll-item > a, .kiosk-home .screens a, main button, main select,"
            + " main input:not([type=hidden]), .subnav a";
    private static Journey journey;
    private static long poll;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        var sql = journey.node.database().sql();
        poll = sql.fetchOne("insert into polls (question, status) values ('Which matters most this quarter?', 'active') returning id").get(0, Long.class);
        sql.execute("insert into poll_options (poll_id, position, label) values ({0}, 1, 'Internationalisation'),"
                + " ({0}, 2, 'Accessibility improvements everywhere'), ({0}, 3, 'Performance')", poll);
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private static BrowserContext sized(String size) {
        String[] wh = size.split("x");
        return journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1])));
    }

    private static boolean phone(Page page) {
        return page.viewportSize().width < 700;
    }

    @ParameterizedTest
    @ValueSource(strings = {"390x844", "1366x800"})
    void pollAndStatsPagesFitAndTheirTargetsAreLargeEnough(String size) {
        try (var adaContext = sized(size); var screenContext = sized(size)) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            for (String path : new String[] {"/polls", "/polls/" + poll, "/polls/" + poll + "/kiosk", "/stats"}) {
                ada.navigate(journey.url(path));
                check(ada, path);
            }
            ada.navigate(journey.url("/polls/" + poll));
            var allPolls = ada.locator(".page-links a").first().boundingBox();
            if (!phone(ada)) {
                assertTrue(allPolls.height < 30, "a mouse on a wide screen keeps the links dense: " + allPolls.height);
            }

            var kiosk = journey.node.auth().kioskLinks().create("Lobby " + size, null);
            Page screen = screenContext.newPage();
            screen.navigate(journey.url("/kiosk/" + kiosk.token()));
            screen.navigate(journey.url("/"));
            assertThat(screen.locator(".kiosk-home .screens a").first()).isVisible();
            for (String path : new String[] {"/", "/polls/" + poll + "/kiosk", "/stats/kiosk"}) {
                screen.navigate(journey.url(path));
                check(screen, path + " on a kiosk screen");
            }
        }
    }

    private static void check(Page page, String where) {
        Object sideways = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) sideways).intValue() <= 0, where + " scrolls sideways by " + sideways + " px at " + page.viewportSize().width);
        assertEquals(List.of(), Axe.seriousViolations(page), where + ": axe-core");
        Object broken = page.evaluate("""
                () => [...document.querySelectorAll('.results .label, .vote-option .text')].flatMap(e => {
                  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), broken = [];
                  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    for (const m of n.data.matchAll(/\\S+/g)) {
                      const r = document.createRange();
                      r.setStart(n, m.index);
                      r.setEnd(n, m.index + m[0].length);
                      if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) broken.push(m[0]);
                    }
                  }
                  return broken;
                })""");
        assertEquals(List.of(), broken, where + ": option labels broken mid-word");
        if (!phone(page)) {
            return;
        }
        Object small = page.evaluate("s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null)"
                + ".map(e => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect()])"
                + ".filter(([, r]) => r.height < 43.5 || r.width < 43.5).map(([t, r]) => t + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))",
                TARGETS);
        assertEquals(List.of(), small, where + ": targets under 44 px on a phone");
        Object narrow = page.evaluate("() => [...document.querySelectorAll('.results li')]"
                + ".filter(li => li.querySelector('.label').getBoundingClientRect().width < 0.9 * li.getBoundingClientRect().width)"
                + ".map(li => li.querySelector('.label').textContent + ' ' + Math.round(li.querySelector('.label').getBoundingClientRect().width) + 'px')");
        assertEquals(List.of(), narrow, where + ": option labels squeezed beside their bars on a phone");
    }
}
