package switchboard.dashboard;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One rule for a currency's decimals, at the ingest API, {@code /admin/wagers/new} and
 * {@code /admin/alerts} alike: zeros after the currency's last decimal change no value (10.000
 * EUR is 10.00 EUR) and are taken; any other digit there is refused. An amount is kept at the
 * currency's scale.
 */
final class MinorUnits {
    private MinorUnits() {
    }

    /** {@code amount} at the currency's scale, or empty when a digit beyond its decimals is not 0. */
    static Optional<BigDecimal> atScale(BigDecimal amount, int units) {
        return amount.stripTrailingZeros().scale() > units ? Optional.empty() : Optional.of(amount.setScale(units));
    }

    /** What the currency takes, said as the records' money fields say it: "EUR takes at most 2 decimals.", "JPY has no decimals.". */
    static String refusal(String currency, int units) {
        return units == 0 ? currency + " has no decimals." : currency + " takes at most " + units + " decimals.";
    }
}
