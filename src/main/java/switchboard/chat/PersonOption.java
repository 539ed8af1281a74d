package switchboard.chat;

/** One suggestion in a members field's list: the field's value if picked, and who it is. */
public record PersonOption(String value, String label) {
}
