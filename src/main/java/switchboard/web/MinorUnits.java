package switchboard.web;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One rule for a currency's decimals, at the ingest API, {@code /admin/wagers/new},
 * {@code /admin/alerts} and the records' money fields alike: zeros after the currency's last decimal change no value (10.000
 * EUR is 10.00 EUR) and are taken; any other digit there is refused. An amount is kept at the
 * currency's scale.
 */
public final class MinorUnits {
    private MinorUnits() {
    }

    /** {@code amount} at the currency's scale, or empty when a digit beyond its decimals is not 0. */
    public static Optional<BigDecimal> atScale(BigDecimal amount, int units) {
        return amount.stripTrailingZeros().scale() > units ? Optional.empty() : Optional.of(amount.setScale(units));
    }

    /** What the currency takes: "EUR takes at most 2 decimals.", "JPY has no decimals.". */
    public static String refusal(String currency, int units) {
        return units == 0 ? currency + " has no decimals." : currency + " takes at most " + units + " decimal" + (units == 1 ? "" : "s") + ".";
    }
}
