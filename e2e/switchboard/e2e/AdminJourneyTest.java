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
            assertThat(admin).hasURL(java.util.regex.Pattern.compile(".*/login\\?next=%2Fadmin%2Fusers$"));
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

    @Test
    void aNewKeyIsShownOnceWholeWithACopyButtonAndAReloadMakesNoSecondKey() {
        try (var context = journey.browser.newContext()) {
            Page admin = journey.signedIn(context, "root", "admin password");
            admin.navigate(journey.url("/admin/keys"));
            admin.getByLabel("Name").fill("dealer 1");
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
            var field = admin.getByLabel("New key");
            assertThat(field).hasValue(java.util.regex.Pattern.compile("^sbk_"));
            org.junit.jupiter.api.Assertions.assertEquals(Boolean.TRUE, field.evaluate("f => f.scrollWidth <= f.clientWidth"), "the whole key is visible");
            org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(field.evaluate("f => getComputedStyle(f).fontFamily")).contains("monospace"));
            var copy = admin.locator(".secret button.copy");
            assertThat(copy).hasText("Copy");
            copy.click();
            assertThat(copy).hasText("Copied");

            admin.reload();
            assertThat(admin.getByLabel("New key")).hasCount(0);
            assertThat(admin.locator("tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("dealer 1"))).hasCount(1);
        }
    }
}
