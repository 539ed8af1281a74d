package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;

class PollJourneyTest {
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

    @Test
    void anEditOfAnOpenPollReachesItsPageAndItsOldOptionsStopTakingHolds() {
        var root = switchboard.testing.WebClient.signedIn(journey.node.port(), "root", "admin password");
        var created = root.post("/admin/polls", java.util.Map.of("question", "Tea or coffee?", "options", "Tea\nCoffee", "closesAt", ""));
        String location = created.headers().firstValue("Location").orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(303, root.post(location + "/status", java.util.Map.of("status", "active")).statusCode());
        String pollUrl = location.replace("/admin", "");
        try (var adaContext = journey.browser.newContext()) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            ada.navigate(journey.url(pollUrl));
            assertThat(ada.locator(".vote-option")).hasCount(2);
            // A press let go at once says it did not count.
            ada.locator(".vote-option").first().focus();
            ada.keyboard().down("Space");
            ada.keyboard().up("Space");
            assertThat(ada.locator("#my-vote")).hasText("Let go too soon: not counted. Press and keep holding an option for 3 seconds to vote.");
            org.junit.jupiter.api.Assertions.assertEquals(303, root.post(location, java.util.Map.of("question", "Tea, coffee or water?",
                    "options", "Tea\nCoffee\nWater", "closesAt", "")).statusCode());
            assertThat(ada.locator("section.poll h1")).hasText("Tea, coffee or water?");
            assertThat(ada).hasTitle("Tea, coffee or water? · Switchboard");
            assertThat(ada.locator("#poll-changed")).isVisible();
            assertThat(ada.locator(".vote-option").first()).isDisabled();
            ada.locator("#poll-changed a").click();
            assertThat(ada.locator(".vote-option")).hasCount(3);
            assertThat(ada.locator(".vote-option").first()).isEnabled();
        }
    }

    @Test
    void aMemberHoldsAnOptionAndAnotherBrowserSeesTheBarAndStatsMove() {
        try (var adminContext = journey.browser.newContext(); var adaContext = journey.browser.newContext(); var graceContext = journey.browser.newContext()) {
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/admin/polls"));
            admin.getByLabel("Question").fill("Best language?");
            admin.getByLabel("Options, one per line (2 to 10)").fill("Java\nKotlin\nScala");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create draft")).click();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the poll")).click();
            assertThat(admin.locator("#poll-status")).hasText("active");
            String pollUrl = admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Poll page")).getAttribute("href");

            Page grace = journey.signedIn(graceContext, "grace", "member password");
            grace.navigate(journey.url(pollUrl));
            var javaCount = grace.locator(".results li").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Java")).locator(".count");
            assertThat(javaCount).hasText("0");
            Page stats = graceContext.newPage();
            stats.navigate(journey.url("/stats"));
            assertThat(stats.locator("#stat-votes")).hasText("0");

            Page ada = journey.signedIn(adaContext, "ada", "member password");
            ada.navigate(journey.url(pollUrl));
            var option = ada.locator(".vote-option").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Java"));
            option.hover();
            ada.mouse().down();
            // The server times the hold; the page asks for the vote after 3 s and shows the answer.
            assertThat(ada.locator("#my-vote")).containsText("You voted for Java", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(8000));
            ada.mouse().up();

            assertThat(javaCount).hasText("1");
            assertThat(grace.locator("#poll-results .total")).hasText("1 vote");
            assertThat(stats.locator("#stat-votes")).hasText("1");
            assertThat(stats.locator("#stat-hour")).hasText("1");
            // Grace has not voted; when the admin closes the poll her options stop taking holds.
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close the poll")).click();
            assertThat(grace.locator("#poll-results .poll-state")).containsText("Closed");
            assertThat(grace.locator(".vote-option").first()).isDisabled();
            // … and the page says it is closed instead of telling her to press and hold (live, then on load).
            assertThat(grace.locator("#poll-closed")).isVisible();
            assertThat(grace.locator("#poll-closed")).hasText("This poll is closed; votes are no longer taken.");
            assertThat(grace.getByText("Press and hold an option")).isHidden();
            assertThat(grace.locator(".vote-option").first()).isHidden();
            List<String> urls = List.of(grace.url(), stats.url());
            org.junit.jupiter.api.Assertions.assertTrue(urls.get(0).endsWith(pollUrl), "no reload: " + urls);
            grace.reload();
            assertThat(grace.locator("#poll-closed")).isVisible();
            assertThat(grace.getByText("Press and hold an option")).hasCount(0);
            // Reopened while her page is open: the page says so and how to vote.
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reopen the poll")).click();
            assertThat(grace.locator("#poll-closed")).isHidden();
            assertThat(grace.locator("#poll-reopened")).containsText("This poll is open again");
        }
    }

    /** An active poll with the options Yes and No, made in the database. */
    private static long activeYesNoPoll(String question) {
        var store = journey.node.database().sql();
        long poll = store.insertInto(switchboard.db.jooq.Tables.POLLS, switchboard.db.jooq.Tables.POLLS.QUESTION, switchboard.db.jooq.Tables.POLLS.STATUS)
                .values(question, "active").returning(switchboard.db.jooq.Tables.POLLS.ID).fetchOne(switchboard.db.jooq.Tables.POLLS.ID);
        store.insertInto(switchboard.db.jooq.Tables.POLL_OPTIONS, switchboard.db.jooq.Tables.POLL_OPTIONS.POLL_ID,
                switchboard.db.jooq.Tables.POLL_OPTIONS.POSITION, switchboard.db.jooq.Tables.POLL_OPTIONS.LABEL)
                .values(poll, 1, "Yes").values(poll, 2, "No").execute();
        return poll;
    }

    @Test
    void lettingGoEarlyCastsNothing() {
        try (var context = journey.browser.newContext()) {
            var store = journey.node.database().sql();
            long poll = activeYesNoPoll("Early?");
            Page page = journey.signedIn(context, "grace", "member password");
            page.navigate(journey.url("/polls/" + poll));
            var yes = page.locator(".vote-option").first();
            yes.focus();
            page.keyboard().down("Space");
            assertThat(yes).hasClass(java.util.regex.Pattern.compile(".*holding.*"));
            page.keyboard().up("Space");
            assertThat(yes).not().hasClass(java.util.regex.Pattern.compile(".*holding.*"));
            // The release reached the server: the hold is over, so no later complete can count it.
            switchboard.testing.Wait.until("the hold to be let go", () -> store.fetchCount(switchboard.db.jooq.Tables.VOTE_HOLDS,
                    switchboard.db.jooq.Tables.VOTE_HOLDS.POLL_ID.eq(poll).and(switchboard.db.jooq.Tables.VOTE_HOLDS.ENDED_AT.isNotNull())) == 1,
                    java.time.Duration.ofSeconds(5));
            assertThat(page.locator("#my-vote")).not().containsText("You voted");
            org.junit.jupiter.api.Assertions.assertEquals(0, store.fetchCount(switchboard.db.jooq.Tables.VOTES, switchboard.db.jooq.Tables.VOTES.POLL_ID.eq(poll)));
        }
    }

    @Test
    void aVoteCastByKeyboardLeavesFocusOnWhatTheVoteSays() {
        try (var context = journey.browser.newContext()) {
            long poll = activeYesNoPoll("Keyboard?");
            Page page = journey.signedIn(context, "grace", "member password");
            page.navigate(journey.url("/polls/" + poll));
            page.locator(".vote-option").first().focus();
            page.keyboard().down("Enter");
            assertThat(page.locator("#my-vote")).containsText("You voted for Yes",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(8000));
            page.keyboard().up("Enter");
            assertThat(page.locator("#my-vote")).isFocused();
        }
    }

    @Test
    void aVoteThatCannotReachTheServerSaysItWasNotCounted() {
        try (var context = journey.browser.newContext()) {
            var store = journey.node.database().sql();
            long poll = activeYesNoPoll("Offline?");
            Page page = journey.signedIn(context, "grace", "member password");
            page.navigate(journey.url("/polls/" + poll));
            var yes = page.locator(".vote-option").first();
            // The hold starts; the vote at its end is cut on the way: the page must not look as if it counted.
            page.route("**/polls/" + poll + "/votes", route -> route.abort("connectionreset"));
            yes.focus();
            page.keyboard().down("Space");
            assertThat(page.locator("#my-vote [role=alert]")).hasText(
                    "Could not reach the server: this vote was not counted. Check your connection, then hold again.",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(8000));
            page.keyboard().up("Space");
            org.junit.jupiter.api.Assertions.assertEquals(0, store.fetchCount(switchboard.db.jooq.Tables.VOTES, switchboard.db.jooq.Tables.VOTES.POLL_ID.eq(poll)));
            assertThat(yes).isEnabled();
        }
    }

    @Test
    void aPollKioskShowsTheJoinLinkAndAQrCodeOfIt() throws Exception {
        try (var adminContext = journey.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            Page admin = journey.signedIn(adminContext, "root", "admin password");
            admin.navigate(journey.url("/admin/polls"));
            admin.getByLabel("Question").fill("Coffee or tea?");
            admin.getByLabel("Options, one per line (2 to 10)").fill("Coffee\nTea");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create draft")).click();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the poll")).click();
            String pollUrl = admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Poll page")).getAttribute("href");
            admin.navigate(journey.url(pollUrl + "/kiosk"));
            assertThat(admin.locator(".join-url")).hasText(journey.url(pollUrl));
            var qr = admin.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code of the voting link"));
            assertThat(qr).isVisible();
            assertThat(qr.locator("path")).hasAttribute("d", java.util.regex.Pattern.compile("^M\\d+,\\d+h1v1h-1z"));
            // The code a phone's camera reads is the join link (ZXing's decoder over the drawn modules).
            int side = Integer.parseInt(qr.getAttribute("viewBox").split(" ")[2]);
            org.junit.jupiter.api.Assertions.assertEquals(journey.url(pollUrl), switchboard.testing.QrModules.decode(side, qr.locator("path").getAttribute("d")));
        }
    }
}
