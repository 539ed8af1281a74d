package switchboard.admin;

import java.util.List;

/** A list of credentials, and the secret just created (shown this once), if any. */
public record SecretsPage<T>(List<T> items, String notice, String error, String secret) {
}
