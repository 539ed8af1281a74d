package switchboard.dashboard;

import java.math.BigDecimal;

/** A currency's own alert thresholds (null: the book's), set at {@code /admin/alerts}. */
public record CurrencyThreshold(String currency, BigDecimal bigWager, BigDecimal customerExposure) {
    public String shown(BigDecimal amount) {
        return amount == null ? "the book's" : amount.toPlainString() + " " + currency;
    }
}
