package switchboard.web;

import java.util.Optional;

/**
 * The token of an {@code Authorization: Bearer <token>} header. The scheme is matched in any
 * case (RFC 9110: {@code bearer} is the same scheme), so the ingest API and {@code /metrics}
 * read the header alike.
 */
public final class Bearer {
    private static final String SCHEME = "Bearer ";

    private Bearer() {
    }

    /** The token after the scheme, without surrounding spaces; empty when the header is not a bearer one. */
    public static Optional<String> token(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        return Optional.of(value.substring(SCHEME.length()).strip());
    }
}
