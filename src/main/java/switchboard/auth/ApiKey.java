package switchboard.auth;

import java.time.OffsetDateTime;

/**
 * An API key as admins see it; the secret is never kept. {@code tables} limits the tables it
 * may write to (names, or prefixes ending in {@code *}, separated by commas); null allows all.
 */
public record ApiKey(long id, String name, String prefix, String scope, OffsetDateTime createdAt,
                     OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, String tables) {
    /** Whether this key may write to {@code tableId}. */
    public boolean mayWrite(String tableId) {
        if (tables == null) {
            return true;
        }
        for (String allowed : tables.split(",")) {
            String entry = allowed.strip();
            if (entry.endsWith("*") ? tableId.startsWith(entry.substring(0, entry.length() - 1)) : tableId.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** How the key starts, for telling keys apart. */
    public String shownAs() {
        return "sbk_" + prefix + "_…";
    }
}
