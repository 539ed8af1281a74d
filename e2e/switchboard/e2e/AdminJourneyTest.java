package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;

class AdminJourneyTest {
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    @Test
    void anAdminCreatesAMemberWhoThenLogsIn() {
        try (var adminContext = journey.browser.newContext(); var memberContext = journey.browser.newContext()) {
            Page admin = adminContext.newPage();
            admin.navigate(journey.url("/admin/users"));
            assertThat(admin).hasURL(java.util.regex.Pattern.compile(".*/login$"));
            Journey.logIn(admin, "root", "admin password");
            assertThat(admin).hasURL(java.util.regex.Pattern.compile(".*/admin/users$"));

            var form = admin.locator("#new-user");
            form.getByLabel("Username").fill("linus");
            form.getByLabel("Display name").fill("Linus <b>T</b>");
            form.getByLabel("Password").fill("penguins rule 42");
            form.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Create account")).click();
            assertThat(admin.getByRole(AriaRole.STATUS)).containsText("Account created");
            assertThat(admin.locator("table")).containsText("Linus <b>T</b>");

            Page member = memberContext.newPage();
            member.navigate(journey.url("/login"));
            Journey.logIn(member, "linus", "penguins rule 42");
            assertThat(member.locator(".who")).containsText("Signed in as Linus <b>T</b>");
            member.navigate(journey.url("/admin/users"));
            assertThat(member.locator("body")).containsText("may not do this");
        }
    }
}
