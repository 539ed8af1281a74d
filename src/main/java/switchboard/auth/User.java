package switchboard.auth;

/** An account as the rest of the app sees it; the hash never leaves {@link Users}. */
public record User(long id, String username, String displayName, Role role, boolean disabled) {
}
