package switchboard.e2e;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * axe-core, run in the page. The pinned, unmodified axe.min.js (MPL-2.0) is committed under
 * e2e/resources/axe-core, so the suite needs no network when it runs.
 */
final class Axe {
    static final Path SCRIPT = Path.of("e2e/resources/axe-core/axe.min.js");
    private static String source;

    private Axe() {
    }

    /** The serious and critical violations on {@code page}, one line each: rule, help, where. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(Page page) {
        // Evaluated through the debugging protocol, which the page's CSP (script-src 'self') allows.
        page.evaluate(script());
        return (List<String>) page.evaluate("""
                async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))
                """);
    }

    /**
     * The violations of the named rules whatever their impact (page-has-heading-one is
     * "moderate", so {@link #seriousViolations} never reports it), one line each.
     */
    @SuppressWarnings("unchecked")
    static List<String> violations(Page page, String... rules) {
        page.evaluate(script());
        return (List<String>) page.evaluate("""
                async rules => (await axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] })).violations
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))
                """, List.of(rules));
    }

    private static synchronized String script() {
        if (source == null) {
            try {
                source = Files.readString(SCRIPT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}
