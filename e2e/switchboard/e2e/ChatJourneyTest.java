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
            assertThat(items.first()).containsText("Lunch");

            // Ada writes in Release, which Grace does not have open: it moves to the top with 1 unread.
            ada.navigate(release);
            send(ada, "Ship it");
            assertThat(items.first()).containsText("Release");
            assertThat(items.first().locator(".unread")).hasText("1");
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
}
