package switchboard.records;

/** A running total in one currency (received donations, or the ledger's balance). */
public record Total(String currency, String amount) {
}
