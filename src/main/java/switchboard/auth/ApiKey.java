package switchboard.auth;

import java.time.OffsetDateTime;

/** An API key as admins see it; the secret is never kept. */
public record ApiKey(long id, String name, String prefix, String scope, OffsetDateTime createdAt,
                     OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }

    /** How the key starts, for telling keys apart. */
    public String shownAs() {
        return "sbk_" + prefix + "_…";
    }
}
