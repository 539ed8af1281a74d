package switchboard.dashboard;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;

/**
 * The wager stream's filters on {@code /dashboard}, as sent: a status, a currency and a minimum
 * stake in that currency (the book has no exchange rates, so 15,000 JPY is not over a minimum of
 * 10,000 of "anything"). A bad value is named in {@code invalid} (the field) with {@code error},
 * what to send instead; the values are kept as sent so the form shows them.
 */
public record StreamFilter(String status, String currency, String min, String invalid, String error) {
    public static final List<String> STATUSES = List.of("pending", "won", "lost", "void", "cancelled");

    /** No filter: the whole view. */
    static StreamFilter none() {
        return new StreamFilter(null, null, null, null, null);
    }

    /** The filters as sent; {@code known} says whether the book takes a currency (XXX has the form of a code but is none). */
    static StreamFilter of(String status, String currency, String min, Predicate<String> known) {
        var sent = new StreamFilter(blankToNull(status), blankToNull(currency), blankToNull(min), null, null);
        if (sent.status != null && !STATUSES.contains(sent.status)) {
            return sent.refused("status", "A status is one of " + String.join(", ", STATUSES) + " (in small letters), or Any.");
        }
        if (sent.currency != null && !WagerEvent.CURRENCY.matcher(sent.currency).matches()) {
            return sent.refused("currency", "A currency is a three-letter ISO 4217 code such as EUR or JPY, or Any.");
        }
        if (sent.currency != null && !known.test(sent.currency)) {
            return sent.refused("currency", "The book takes no currency " + sent.currency + "; choose one from the list, or Any.");
        }
        if (sent.min != null && WagerItem.BANDS.stream().noneMatch(band -> String.valueOf(band).equals(sent.min))) {
            return sent.refused("min", "A minimum stake is one of " + WagerItem.BANDS.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
                    + ".");
        }
        if (sent.minStake() > 0 && sent.currency == null) {
            return sent.refused("min", "A minimum stake is an amount in one currency: choose the currency too (100 JPY is not 100 EUR).");
        }
        return sent;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    StreamFilter refused(String field, String message) {
        return new StreamFilter(status, currency, min, field, message);
    }

    public boolean valid() {
        return error == null;
    }

    /** The minimum stake chosen, 0 for none (or for a value that was refused). */
    public int minStake() {
        return min == null || !min.matches("0|100|1000|10000") ? 0 : Integer.parseInt(min);
    }

    BigDecimal minAmount() {
        return minStake() == 0 ? null : BigDecimal.valueOf(minStake());
    }
}
