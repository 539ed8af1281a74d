package switchboard.auth;

/** The login form: the name tried last, and whether that try failed. */
public record LoginPage(String username, boolean failed) {
}
