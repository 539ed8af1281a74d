package switchboard.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's chromium driven by Playwright; browsers cannot be downloaded here, so none is. */
final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");

    private Browsers() {
    }

    static Playwright playwright() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Browser tests need Debian's chromium at " + CHROMIUM + ": run 'apt-get install chromium'.");
        }
        try {
            // Playwright unpacks its driver under java.io.tmpdir (target/tmp for the tests), which a run of browser tests alone has not made yet.
            Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the temporary directory Playwright unpacks its driver into", e);
        }
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--no-first-run", "--disable-sync")));
    }
}
