package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;

class ChatJourneyTest {
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("ada", "Ada Lovelace", "member password", Role.MEMBER);
        journey.node.auth().users().create("grace", "Grace Hopper", "member password", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private void newThread(Page page, String title, String members) {
        page.navigate(journey.url("/chat"));
        page.getByLabel("Title").fill(title);
        page.getByLabel("Members (usernames, separated by commas)").fill(members);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create thread")).click();
        assertThat(page.locator("#thread-head h1")).hasText(title);
    }

    private static void send(Page page, String text) {
        page.locator("#composer-body").fill(text);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
    }

    @Test
    void aMessageAppearsOnceForTheOtherMemberAndTheirListMovesAndCountsUnread() {
        try (var adaContext = journey.browser.newContext(); var graceContext = journey.browser.newContext()) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            newThread(ada, "Lunch", "grace");
            String lunch = ada.url();
            newThread(ada, "Release", "grace");
            String release = ada.url();

            Page grace = journey.signedIn(graceContext, "grace", "member password");
            grace.navigate(lunch);
            Locator items = grace.locator("#thread-list .thread-item");
            assertThat(items.first()).containsText("Release");

            // Ada writes in Lunch, which Grace has open: it appears once, within a second.
            ada.navigate(lunch);
            send(ada, "Pizza at noon?");
            assertThat(ada.locator("#messages .message")).hasCount(1);
            var fast = new LocatorAssertions.HasCountOptions().setTimeout(1000);
            assertThat(grace.locator("#messages .message").filter(new Locator.FilterOptions().setHasText("Pizza at noon?"))).hasCount(1, fast);
            assertThat(ada.locator("#messages .message")).hasCount(1);
            // Her own copy gets its edit tools; Grace's does not.
            assertThat(ada.locator("#messages .message .own-tools")).hasCount(1);
            assertThat(grace.locator("#messages .message .own-tools")).hasCount(0);
            assertThat(items.first()).containsText("Lunch");

            // Ada writes in Release, which Grace does not have open: it moves to the top with 1 unread.
            // Grace's keyboard is on that line's link: the redrawn line keeps it.
            Locator releaseLink = items.filter(new Locator.FilterOptions().setHasText("Release")).locator("a");
            releaseLink.focus();
            ada.navigate(release);
            send(ada, "Ship it");
            assertThat(items.first()).containsText("Release");
            assertThat(items.first().locator(".unread")).hasText("1");
            assertThat(releaseLink).isFocused();
            send(ada, "Really");
            assertThat(items.first().locator(".unread")).hasText("2");
            assertThat(grace.locator("#messages .message")).hasCount(1);
            List<String> texts = grace.locator("#messages .message .body").allTextContents();
            org.junit.jupiter.api.Assertions.assertEquals(List.of("Pizza at noon?"), texts);

            // Scrolling up loads older messages, a page at a time.
            long threadId = Long.parseLong(release.substring(release.lastIndexOf('/') + 1));
            journey.node.database().sql().execute("insert into messages (thread_id, author_id, body) select {0}, id, 'old ' || g "
                    + "from users, generate_series(1, 120) g where username = 'ada'", threadId);
            grace.navigate(release);
            Locator shown = grace.locator("#messages .message");
            assertThat(shown).hasCount(50);
            for (int expected : new int[] {100, 122}) {
                grace.locator("#messages").evaluate("list => list.scrollTop = 0");
                assertThat(shown).hasCount(expected);
            }
            assertThat(grace.locator("#older")).hasCount(0);

            // Typing shows to the other member.
            ada.navigate(lunch);
            grace.navigate(lunch);
            grace.locator("#composer-body").pressSequentially("hello", new Locator.PressSequentiallyOptions().setDelay(50));
            assertThat(ada.locator("#typing")).containsText("Grace Hopper is typing");
        }
    }

    @Test
    void aThreadSomeoneAddsYouToWhileYourPageIsOpenStaysLiveAndTheOpenThreadKeepsItsHighlight() {
        try (var adaContext = journey.browser.newContext(); var graceContext = journey.browser.newContext()) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            newThread(ada, "Standup", "grace");
            String standup = ada.url();
            Page grace = journey.signedIn(graceContext, "grace", "member password");
            grace.navigate(standup);
            Locator open = grace.locator("#thread-list [aria-current=page]");
            assertThat(open).containsText("Standup");

            newThread(ada, "Added later", "");
            ada.locator("details.members summary").click();
            assertThat(ada.locator("details.members summary")).hasText("1 member");
            ada.getByLabel("Username to add").fill("grace");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add member")).click();
            Locator added = grace.locator("#thread-list .thread-item").filter(new Locator.FilterOptions().setHasText("Added later"));
            assertThat(added).hasCount(1);
            assertThat(open).containsText("Standup");

            send(ada, "Welcome aboard");
            assertThat(added.locator(".preview")).containsText("Welcome aboard");
            assertThat(added.locator(".unread")).hasText("1");

            ada.navigate(standup);
            send(ada, "Morning");
            assertThat(grace.locator("#messages .message")).containsText(new String[] {"Morning"});
            assertThat(open).containsText("Standup");
            assertThat(open).containsText("Morning");
        }
    }

    @Test
    void aRenameReachesTheOtherMembersTabAndARefusedTitleComesBackAsTyped() {
        try (var adaContext = journey.browser.newContext(); var graceContext = journey.browser.newContext()) {
            Page ada = journey.signedIn(adaContext, "ada", "member password");
            newThread(ada, "Before the rename", "grace");
            Page grace = journey.signedIn(graceContext, "grace", "member password");
            // Her page resumes from the seq it was drawn at: a rename before its stream opens still reaches it.
            grace.navigate(ada.url());
            Locator rename = ada.locator("form[action$='/title'] input[name=title]");
            ada.locator("details.members summary").click();
            rename.fill("After the rename");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rename")).click();
            assertThat(grace.locator("#thread-head h1")).hasText("After the rename");
            assertThat(grace).hasTitle("After the rename · Switchboard");

            // Only invisible characters pass the browser's "required": the server refuses them on the page, the field as typed.
            ada.locator("details.members summary").click();
            rename.fill("\u200B\u200B");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rename")).click();
            assertThat(ada.locator(".thread p.error")).hasText("A thread's title is 1 to 120 characters.");
            assertThat(rename).isVisible(); // the members' box it is in comes back open
            assertThat(rename).hasValue("\u200B\u200B");
            assertThat(ada.locator("#thread-head h1")).hasText("After the rename");

            ada.navigate(journey.url("/chat"));
            ada.getByLabel("Title").fill("Tea\u202Etime");
            ada.getByLabel("Members (usernames, separated by commas)").fill("grace, ada");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create thread")).click();
            assertThat(ada.locator(".thread p.error")).containsText("The title contains an invisible control character (U+202E");
            assertThat(ada.getByLabel("Members (usernames, separated by commas)")).hasValue("grace, ada");
            assertThat(ada.getByLabel("Title")).hasValue("Tea\u202Etime");
        }
    }

    @Test
    void theBrowserRefusesAFileOverTenMegabytesBeforeSendingIt() {
        try (var context = journey.browser.newContext()) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Photos", "");
            Locator file = ada.locator("#composer input[type=file]");
            file.setInputFiles(new com.microsoft.playwright.options.FilePayload("huge.bin", "application/octet-stream", new byte[11 * 1024 * 1024]));
            ada.locator("#composer-body").fill("the big one");
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
            Object said = file.evaluate("input => input.validationMessage");
            org.junit.jupiter.api.Assertions.assertEquals("The file huge.bin is 11 MB; a file may be at most 10 MB.", said);
            assertThat(ada.locator("#messages .message")).hasCount(0);
            assertThat(ada.locator("#composer-body")).hasValue("the big one");
        }
    }

    @Test
    void deletingAMessageOrAThreadAsksFirstAndCancelKeepsIt() {
        try (var context = journey.browser.newContext()) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Scratch", "");
            send(ada, "Typo here");
            assertThat(ada.locator("#messages .message")).hasCount(1);
            ada.reload();
            Locator message = ada.locator("#messages .message").first();
            // Editing in place: Escape closes the editor and keeps the text as it was.
            message.locator(".own-tools summary").click();
            Locator editor = message.getByLabel("Edit message");
            editor.fill("Typo hero");
            editor.press("Escape");
            assertThat(editor).isHidden();
            assertThat(message.locator(".body")).hasText("Typo here");
            message.locator(".own-tools summary").click();
            assertThat(editor).hasValue("Typo here");
            message.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            Locator dialog = ada.locator("dialog.confirm");
            assertThat(dialog).isVisible();
            assertThat(dialog).containsText("Delete this message for everyone?");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
            assertThat(dialog).isHidden();
            assertThat(message.locator(".body")).hasText("Typo here");

            message.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
            assertThat(ada.locator("#messages .message .body")).hasText("message deleted");

            ada.locator("details.members summary").click();
            ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete the thread")).click();
            assertThat(dialog).containsText("Delete the thread “Scratch”");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete the thread")).click();
            assertThat(ada).hasURL(java.util.regex.Pattern.compile(".*/chat$"));
            assertThat(ada.locator("#thread-list")).not().containsText("Scratch");
        }
    }

    @Test
    void theSendersPageShowsItsMessageOnceWhetherThePushOrTheAnswerComesFirstAndARetryStoresOne() {
        try (var context = journey.browser.newContext()) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Echo", "");
            Locator messages = ada.locator("#messages .message");
            send(ada, "answer first");
            assertThat(messages).hasCount(1);
            assertThat(messages.first().locator(".own-tools")).hasCount(1);

            // The answer to the post is held back until the pushed copy is on the page; the post
            // is sent twice meanwhile, as a retry after a lost answer would (same client id).
            var held = new java.util.ArrayList<Runnable>();
            ada.route("**/chat/*/messages", route -> {
                if (!route.request().method().equals("POST")) {
                    route.resume();
                    return;
                }
                route.fetch();
                var answer = route.fetch();
                held.add(() -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setResponse(answer)));
            });
            send(ada, "push first");
            Locator pushed = messages.filter(new Locator.FilterOptions().setHasText("push first"));
            assertThat(pushed).hasCount(1);
            assertThat(pushed.locator(".own-tools")).hasCount(0); // the lean pushed copy: the answer is not in yet
            org.junit.jupiter.api.Assertions.assertEquals(1, held.size());
            held.getFirst().run();
            assertThat(pushed.locator(".own-tools")).hasCount(1); // the answer landed on the same element
            assertThat(pushed).hasCount(1);
            assertThat(messages).hasCount(2);
            org.junit.jupiter.api.Assertions.assertEquals(1, journey.node.database().sql().fetchCount(switchboard.db.jooq.Tables.MESSAGES,
                    switchboard.db.jooq.Tables.MESSAGES.BODY.eq("push first")), "the retried post stored one message");
            ada.unrouteAll();
            ada.reload();
            assertThat(messages).hasCount(2);
        }
    }

    @Test
    void aSearchHitOpensItsThreadAtTheMessageEvenWhenItIsOlderThanTheFirstPage() {
        try (var context = journey.browser.newContext()) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Haystack", "");
            send(ada, "the golden needle");
            assertThat(ada.locator("#messages .message")).hasCount(1);
            String url = ada.url();
            long threadId = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
            journey.node.database().sql().execute("insert into messages (thread_id, author_id, body) select {0}, id, 'hay ' || g "
                    + "from users, generate_series(1, 80) g where username = 'ada'", threadId);
            ada.navigate(journey.url("/chat?q=golden"));
            ada.locator(".hits a").filter(new Locator.FilterOptions().setHasText("Haystack")).click();
            Locator needle = ada.locator("#messages .message").filter(new Locator.FilterOptions().setHasText("the golden needle"));
            assertThat(needle).hasClass(java.util.regex.Pattern.compile(".*\\bfound\\b.*"));
            assertThat(needle).isInViewport();
            assertThat(ada.locator("#messages .message").last()).containsText("hay 80");
        }
    }

    @Test
    void enterSendsAndShiftEnterAddsALine() {
        try (var context = journey.browser.newContext()) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Keys", "");
            Locator body = ada.locator("#composer-body");
            assertThat(body).hasAttribute("placeholder", java.util.regex.Pattern.compile("Enter sends, Shift\\+Enter adds a line"));
            body.click();
            body.pressSequentially("first line");
            body.press("Shift+Enter");
            body.pressSequentially("second line");
            assertThat(ada.locator("#messages .message")).hasCount(0);
            body.press("Enter");
            assertThat(ada.locator("#messages .message .body")).hasText("first line\nsecond line");
            assertThat(body).hasValue("");
        }
    }

    @Test
    void timesShowInTheReadersZoneWithTheFullDateOnHoverAndADayDivider() {
        var tokyo = new com.microsoft.playwright.Browser.NewContextOptions().setTimezoneId("Asia/Tokyo").setLocale("en-GB");
        try (var context = journey.browser.newContext(tokyo)) {
            Page ada = journey.signedIn(context, "ada", "member password");
            newThread(ada, "Zones", "");
            send(ada, "what time is it?");
            Locator time = ada.locator("#messages .message time").first();
            assertThat(time).hasAttribute("data-local", "");
            var at = java.time.OffsetDateTime.parse(time.getAttribute("datetime")).atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"));
            assertThat(time).hasText(at.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm")));
            assertThat(time).hasAttribute("title", java.util.regex.Pattern.compile(String.valueOf(at.getYear())));
            assertThat(ada.locator("#messages .day-divider")).hasCount(1);
            assertThat(ada.locator("#messages .day-divider")).containsText(String.valueOf(at.getDayOfMonth()));
        }
    }
}
