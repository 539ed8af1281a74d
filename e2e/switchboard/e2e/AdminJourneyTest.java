package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

class AdminJourneyTest {
    private static Switchboard node;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
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

    private String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    private static void logIn(Page page, String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    }

    @Test
    void anAdminCreatesAMemberWhoThenLogsIn() {
        try (var adminContext = browser.newContext(); var memberContext = browser.newContext()) {
            Page admin = adminContext.newPage();
            admin.navigate(url("/admin/users"));
            assertThat(admin).hasURL(java.util.regex.Pattern.compile(".*/login$"));
            logIn(admin, "root", "admin password");
            assertThat(admin).hasURL(java.util.regex.Pattern.compile(".*/admin/users$"));

            var form = admin.locator("#new-user");
            form.getByLabel("Username").fill("linus");
            form.getByLabel("Display name").fill("Linus <b>T</b>");
            form.getByLabel("Password").fill("penguins rule 42");
            form.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Create account")).click();
            assertThat(admin.getByRole(AriaRole.STATUS)).containsText("Account created");
            assertThat(admin.locator("table")).containsText("Linus <b>T</b>");

            Page member = memberContext.newPage();
            member.navigate(url("/login"));
            logIn(member, "linus", "penguins rule 42");
            assertThat(member.locator(".who")).containsText("Signed in as Linus <b>T</b>");
            member.navigate(url("/admin/users"));
            assertThat(member.locator("body")).containsText("may not do this");
        }
    }
}
