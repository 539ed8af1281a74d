package switchboard.auth;

import java.time.Duration;
import switchboard.web.ClientAddress;
import switchboard.web.SafeRedirect;

/**
 * What auth takes from the configuration.
 *
 * @param secureCookies cookies get {@code Secure} (the public URL is https)
 * @param sessionIdle a session unused this long ends
 * @param redirects where sign-in and logout may send the browser back to
 * @param addresses who the client is behind trusted proxies
 */
public record AuthSettings(boolean secureCookies, Duration sessionIdle, SafeRedirect redirects, ClientAddress addresses) {
    /** Defaults for tests and tools: plain http, 12 h idle, relative redirects, no trusted proxy. */
    public static AuthSettings defaults() {
        return new AuthSettings(false, Duration.ofHours(12), new SafeRedirect(""), ClientAddress.trusting(""));
    }
}
