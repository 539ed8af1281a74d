package switchboard.records;

/** One donations import that was stored: how many, by whom, when (UTC, as the history shows times). */
public record DonationImport(long id, int donations, String by, String at) {
}
