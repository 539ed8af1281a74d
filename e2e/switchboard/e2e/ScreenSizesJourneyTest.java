package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import switchboard.auth.Role;

/**
 * The chat, polls, kiosk and admin journeys on a phone (390x844) and a laptop (1366x800): the
 * page never scrolls sideways; on the phone the header folds into a Menu button whose links are
 * reachable; an open chat thread keeps its composer on screen with the messages scrolling above
 * it; the accounts list stays usable (cards on the phone).
 */
class ScreenSizesJourneyTest {
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
        journey.node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        journey.node.auth().users().create("grace", "Grace Hopper", "member password", Role.MEMBER);
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

    /** The page is no wider than the window. */
    private static void fits(Page page, String where) {
        Object sideways = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) sideways).intValue() <= 0, where + " scrolls sideways by " + sideways + " px at " + page.viewportSize().width);
    }

    /**
     * On a phone the site menu is folded behind "Menu" and opens to show its links (and Log out);
     * on a laptop there is no Menu button and the links show. Returns the main menu.
     */
    private static Locator menu(Page page) {
        Locator main = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
        Locator button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu"));
        if (phone(page)) {
            assertThat(main).isHidden();
            assertThat(button).hasAttribute("aria-expanded", "false");
            button.click();
            assertThat(button).hasAttribute("aria-expanded", "true");
            assertThat(main).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out"))).isVisible();
            fits(page, "the open menu");
            assertEquals(java.util.List.of(), Axe.seriousViolations(page), "axe-core with the menu open");
            var box = main.boundingBox();
            assertTrue(box.x >= 0 && box.x + box.width <= page.viewportSize().width, "the menu is within the screen");
        } else {
            assertThat(button).isHidden();
            assertThat(main).isVisible();
        }
        return main;
    }

    @ParameterizedTest
    @ValueSource(strings = {"390x844", "1366x800"})
    void chat(String size) {
        try (var adaContext = sized(size); var graceContext = sized(size)) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            menu(ada).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Chat")).click();
            assertThat(ada).hasURL(Pattern.compile(".*/chat$"));
            fits(ada, "/chat");
            ada.getByLabel("Title").fill("Standup " + size);
            // Members are picked from a list the server fills as one types.
            Locator members = ada.getByLabel("Members (usernames, separated by commas)");
            members.pressSequentially("gr", new Locator.PressSequentiallyOptions().setDelay(30));
            assertThat(ada.locator("#people-new option[value=grace]")).hasCount(1);
            members.fill("grace");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create thread")).click();
            assertThat(ada.locator("#thread-head h1")).hasText("Standup " + size);
            String thread = ada.url();
            long threadId = Long.parseLong(thread.substring(thread.lastIndexOf('/') + 1));
            journey.node.database().sql().execute("insert into messages (thread_id, author_id, body) select {0}, id, 'earlier ' || g "
                    + "from users, generate_series(1, 60) g where username = 'grace'", threadId);

            Page grace = journey.signedIn(graceContext, "grace", "member password");
            grace.navigate(thread);
            ada.reload();
            for (Page page : new Page[] {ada, grace}) {
                // One column on the phone: the open thread takes the screen, with a way back to the list.
                assertThat(page.locator(".threads")).isVisible(new LocatorAssertions.IsVisibleOptions().setVisible(!phone(page)));
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← All threads"))).isVisible(
                        new LocatorAssertions.IsVisibleOptions().setVisible(phone(page)));
                composerOnScreen(page);
                fits(page, thread);
            }

            Locator body = ada.locator("#composer-body");
            body.fill("Hello from " + size);
            body.press("Enter");
            var mine = new Locator.FilterOptions().setHasText("Hello from " + size);
            assertThat(ada.locator("#messages .message").filter(mine)).hasCount(1);
            assertThat(grace.locator("#messages .message").filter(mine)).hasCount(1);
            assertThat(grace.locator("#messages .message").filter(mine)).isInViewport();
            composerOnScreen(ada);
            fits(ada, thread + " after sending");
            fits(grace, thread + " after receiving");

            if (phone(ada)) {
                ada.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← All threads")).click();
                assertThat(ada.locator("#thread-list .thread-item").first()).containsText("Standup " + size);
            }
        }
    }

    /** The composer is on screen, below the messages, which scroll in their own box; the page itself does not scroll. */
    private static void composerOnScreen(Page page) {
        Locator body = page.locator("#composer-body");
        assertThat(body).isInViewport(new LocatorAssertions.IsInViewportOptions().setRatio(1));
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"))).isInViewport(new LocatorAssertions.IsInViewportOptions().setRatio(1));
        Object list = page.locator("#messages").evaluate("l => [l.scrollHeight > l.clientHeight, l.getBoundingClientRect().bottom <= document.getElementById('composer').getBoundingClientRect().top + 1]");
        assertEquals(java.util.List.of(true, true), list, "the messages scroll above the composer");
        Object pageScroll = page.evaluate("() => document.documentElement.scrollHeight - window.innerHeight");
        assertTrue(((Number) pageScroll).intValue() <= 1, "the thread fits the window: the page scrolls by " + pageScroll + " px");
    }

    /**
     * Names people and game servers write can be one long word: every page that shows them still
     * fits, and on the phone every form control of those pages is a 44 px touch target.
     */
    @ParameterizedTest
    @ValueSource(strings = {"390x844", "1366x800"})
    void longUnbrokenNamesWrapAndPhoneControlsAreTouchTargets(String size) {
        var sql = journey.node.database().sql();
        String word = "W".repeat(119) + size.charAt(0);
        long thread = sql.fetchOne("insert into threads (title, owner_id) select {0}, id from users where username = 'ada' returning id", word).get(0, Long.class);
        sql.execute("insert into thread_members (thread_id, user_id) select {0}, id from users where username in ('ada', 'grace')", thread);
        long message = sql.fetchOne("insert into messages (thread_id, author_id, body) select {0}, id, {1} from users where username = 'grace' returning id",
                thread, "https://example.org/" + "x".repeat(300)).get(0, Long.class);
        sql.execute("insert into attachments (thread_id, message_id, filename, content_type, size, data) values ({0}, {1}, {2}, 'text/plain', 1, '\\x41'::bytea)",
                thread, message, "F".repeat(196) + ".txt");
        long poll = sql.fetchOne("insert into polls (question, status) values ({0}, 'active') returning id", "Q".repeat(190) + size).get(0, Long.class);
        sql.execute("insert into poll_options (poll_id, position, label) values ({0}, 1, {1}), ({0}, 2, 'Short')", poll, "O".repeat(100));
        String table = "long-" + size;
        sql.execute("insert into poker_tables (id, name, small_blind, big_blind, max_seats, version, status) values ({0}, {1}, 5, 10, 6, 2, 'open')",
                table, "T".repeat(80));
        sql.execute("insert into poker_seats (table_id, seat, player_id, name, stack) values ({0}, 1, 'p1', {1}, 1000)", table, "M".repeat(40));
        long task = sql.fetchOne("insert into tasks (title, description) values ({0}, 'short') returning id", "K".repeat(200)).get(0, Long.class);
        sql.execute("update tasks set description = {0}, version = version + 1 where id = {1}", "http://example.com/" + "a".repeat(300), task);
        try (var adaContext = sized(size); var adminContext = sized(size)) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            for (String path : new String[] {"/chat", "/chat/" + thread, "/polls", "/polls/" + poll, "/polls/" + poll + "/kiosk", "/tables", "/tables/" + table}) {
                ada.navigate(journey.url(path));
                fits(ada, path + " with one long word in its names");
                Object messagesSideways = ada.evaluate("() => { const m = document.getElementById('messages'); return m ? m.scrollWidth - m.clientWidth : 0; }");
                assertEquals(0, ((Number) messagesSideways).intValue(), path + ": the message list scrolls sideways (a long attachment name)");
                touchTargets(ada, path);
            }
            for (String path : new String[] {"/admin/polls/" + poll, "/admin/users", "/admin/ops", "/admin/keys", "/records/tasks/" + task}) {
                admin.navigate(journey.url(path));
                fits(admin, path + " with one long word in its names");
                touchTargets(admin, path);
            }
        }
    }

    /** On a phone, every visible form control is at least 44 px tall. */
    private static void touchTargets(Page page, String where) {
        if (!phone(page)) {
            return;
        }
        Object small = page.evaluate("() => [...document.querySelectorAll('main select, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
                + " main button, main textarea, main summary, header button, header .brand, header .bell, .subnav a, .back-to-threads, .thread-item > a')]"
                + ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 43.5)"
                + ".map(e => (e.id || e.name || e.textContent.trim().slice(0, 20)) + ' ' + Math.round(e.getBoundingClientRect().height) + 'px')");
        assertEquals(java.util.List.of(), small, where + ": controls under 44 px on a phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"390x844", "1366x800"})
    void pollsAndKiosks(String size) {
        try (var adminContext = journey.browser.newContext(); var adaContext = sized(size); var screenContext = sized(size)) {
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/admin/polls"));
            admin.getByLabel("Question").fill("Lunch at " + size + "?");
            admin.getByLabel("Options, one per line (2 to 10)").fill("Soup\nSalad");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create draft")).click();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the poll")).click();
            String pollUrl = admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Poll page")).getAttribute("href");

            Page ada = journey.signedIn(adaContext, "ada", "member password");
            menu(ada).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Polls")).click();
            assertThat(ada).hasURL(Pattern.compile(".*/polls$"));
            fits(ada, "/polls");
            ada.navigate(journey.url(pollUrl));
            fits(ada, pollUrl);
            Locator soup = ada.locator(".vote-option").filter(new Locator.FilterOptions().setHasText("Soup"));
            assertThat(soup).isInViewport();
            soup.hover();
            ada.mouse().down();
            assertThat(ada.locator("#my-vote")).containsText("You voted for Soup", new LocatorAssertions.ContainsTextOptions().setTimeout(8000));
            ada.mouse().up();
            assertThat(ada.locator(".results li").filter(new Locator.FilterOptions().setHasText("Soup")).locator(".count")).hasText("1");
            fits(ada, pollUrl + " after voting");

            // A kiosk screen of this size: the stats and the poll's screen render, live, and fit.
            var kiosk = journey.node.auth().kioskLinks().create("Lobby " + size, null);
            Page screen = screenContext.newPage();
            screen.navigate(journey.url("/kiosk/" + kiosk.token()));
            screen.navigate(journey.url("/stats/kiosk"));
            assertThat(screen.locator("#stat-votes")).isVisible();
            assertThat(screen.locator(".live-dot")).isVisible();
            fits(screen, "/stats/kiosk");
            screen.navigate(journey.url(pollUrl + "/kiosk"));
            assertThat(screen.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code of the voting link"))).isVisible();
            assertThat(screen.locator(".join-url")).hasText(journey.url(pollUrl));
            fits(screen, pollUrl + "/kiosk");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"390x844", "1366x800"})
    void adminAccounts(String size) {
        try (var context = sized(size)) {
            Page admin = journey.signedIn(context, "root", "admin password");
            // The notifications bell stays in the header bar, beside the folded Menu on a phone.
            Locator bell = admin.locator("header").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Notifications, 0 unread"));
            assertThat(bell).isVisible();
            var bellBox = bell.boundingBox();
            assertTrue(bellBox.x >= 0 && bellBox.x + bellBox.width <= size(admin), "the bell within the screen");
            menu(admin).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Admin")).click();
            assertThat(admin).hasURL(Pattern.compile(".*/admin/users$"));
            fits(admin, "/admin/users");
            Locator row = admin.locator("tr").filter(new Locator.FilterOptions().setHasText("Grace Hopper"));
            Locator reset = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reset password"));
            reset.scrollIntoViewIfNeeded();
            // Every control of the row is within the screen, not behind a sideways scroll.
            for (Locator control : new Locator[] {row.getByLabel("Role of grace"), row.getByLabel("New password for grace"), reset,
                    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable"))}) {
                var box = control.boundingBox();
                assertTrue(box.x >= 0 && box.x + box.width <= size(admin), "control within the screen: " + control);
            }
            row.getByLabel("Role of grace").selectOption("STAFF");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set role")).click();
            assertThat(admin.locator("tr").filter(new Locator.FilterOptions().setHasText("Grace Hopper")).getByLabel("Role of grace")).hasValue("STAFF");
            admin.locator("tr").filter(new Locator.FilterOptions().setHasText("Grace Hopper")).getByLabel("Role of grace").selectOption("MEMBER");
            admin.locator("tr").filter(new Locator.FilterOptions().setHasText("Grace Hopper"))
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set role")).click();
            assertThat(admin.locator("tr").filter(new Locator.FilterOptions().setHasText("Grace Hopper")).getByLabel("Role of grace")).hasValue("MEMBER");
            fits(admin, "/admin/users after a change");
        }
    }

    @org.junit.jupiter.api.Test
    void withoutJavaScriptThePhoneMenuStaysOpenAndFits() {
        try (var context = journey.browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setJavaScriptEnabled(false))) {
            Page page = context.newPage();
            page.navigate(journey.url("/login"));
            Journey.logIn(page, "ada", "member password");
            page.navigate(journey.url("/polls"));
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu"))).isHidden();
            Locator main = page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"));
            assertThat(main).isVisible();
            main.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Chat")).click();
            assertThat(page).hasURL(Pattern.compile(".*/chat$"));
            assertThat(page.getByLabel("Members (usernames, separated by commas)")).isEditable();
            fits(page, "/chat without JavaScript");
        }
    }

    private static int size(Page page) {
        return page.viewportSize().width;
    }
}
