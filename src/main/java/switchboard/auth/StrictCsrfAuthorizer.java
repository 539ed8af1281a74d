package switchboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.pac4j.core.authorization.authorizer.CsrfAuthorizer;

/**
 * pac4j's CSRF check with a full comparison. pac4j 6.3's {@code CsrfAuthorizer.hashEquals}
 * compares only the two strings' 32-bit {@code hashCode()}, so a forged token needs to match
 * 32 bits, not the token's 256; this compares every byte, in constant time.
 */
final class StrictCsrfAuthorizer extends CsrfAuthorizer {
    @Override
    protected boolean hashEquals(String a, String b) {
        if (a == null || b == null || a.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
