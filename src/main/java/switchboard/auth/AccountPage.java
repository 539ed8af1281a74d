package switchboard.auth;

/** The account page: whose it is, and what the last change did or why it was refused. */
public record AccountPage(String username, String notice, String error) {
}
