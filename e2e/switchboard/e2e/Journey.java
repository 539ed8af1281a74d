package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/** One journey class's world: a node on a fresh database, and Debian's chromium to drive it. */
final class Journey implements AutoCloseable {
    final DatabaseUrl database;
    final Switchboard node;
    final Browser browser;
    private final Playwright playwright;

    private Journey(DatabaseUrl database, Switchboard node, Playwright playwright, Browser browser) {
        this.database = database;
        this.node = node;
        this.playwright = playwright;
        this.browser = browser;
    }

    static Journey start() {
        DatabaseUrl database = TestDatabase.fresh();
        Switchboard node = TestNode.start(database);
        Playwright playwright = null;
        try {
            playwright = Browsers.playwright();
            return new Journey(database, node, playwright, Browsers.chromium(playwright));
        } catch (RuntimeException e) {
            if (playwright != null) {
                playwright.close();
            }
            node.close();
            throw e;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + node.port() + path;
    }

    /** Fills the login form on {@code page} and sends it. */
    static void logIn(Page page, String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    }

    /** A new page in {@code context}, signed in as {@code username}. */
    Page signedIn(BrowserContext context, String username, String password) {
        Page page = context.newPage();
        page.navigate(url("/login"));
        logIn(page, username, password);
        assertThat(page.locator(".who")).containsText("Signed in as");
        return page;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
        node.close();
    }
}
