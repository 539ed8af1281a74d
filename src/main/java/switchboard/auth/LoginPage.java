package switchboard.auth;

/** The login form: the name tried last, whether that try failed, and the same-site path to return to ("" for home). */
public record LoginPage(String username, boolean failed, String next) {
}
