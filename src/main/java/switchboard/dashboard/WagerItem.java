package switchboard.dashboard;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A line of the wager stream. {@code band} lets the page's minimum-amount filter hide it without a re-render. */
public record WagerItem(long id, String ref, String customerId, String agentId, String currency, BigDecimal stake,
                        BigDecimal potentialPayout, BigDecimal payout, String market, String status, OffsetDateTime at) {
    /** The amount bands the stream's filter offers (the stake's lower bound). */
    public static final java.util.List<Integer> BANDS = java.util.List.of(0, 100, 1000, 10000);

    /** Classes "min-100 min-1000 …" for every band the stake reaches. */
    public String bands() {
        var classes = new StringBuilder();
        for (int band : BANDS) {
            if (stake.compareTo(BigDecimal.valueOf(band)) >= 0) {
                classes.append(" min-").append(band);
            }
        }
        return classes.toString().strip();
    }

    /**
     * What the wager pays, in words only its state makes true: a pending wager stands to win its
     * potential payout, a won one was paid, a void or cancelled one gave the stake back, a lost
     * one pays nothing (null: no words).
     */
    public String outcome() {
        return switch (status) {
            case "pending" -> "to win " + potentialPayout.toPlainString();
            case "won" -> payout == null ? null : "paid " + payout.toPlainString();
            case "void", "cancelled" -> "stake returned";
            default -> null;
        };
    }
}
