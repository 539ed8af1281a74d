package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;

class LoginJourneyTest {
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("ada", "Ada Lovelace", "correct horse battery", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    @Test
    void aMemberLogsInSeesTheirNameAndLogsOut() {
        try (var context = journey.browser.newContext()) {
            Page page = context.newPage();
            page.navigate(journey.url("/hold"));
            page.getByText("Log in").click();

            Journey.logIn(page, "ada", "a wrong password");
            assertThat(page.getByRole(AriaRole.ALERT))
                    .hasText("That username and password do not match an active account.");

            Journey.logIn(page, "ada", "correct horse battery");
            assertThat(page.locator(".who")).containsText("Signed in as Ada Lovelace");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
            assertThat(page.locator(".who")).containsText("Log in");
        }
    }
}
