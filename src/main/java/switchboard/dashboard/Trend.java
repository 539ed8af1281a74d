package switchboard.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A KPI's change against the same time yesterday ({@code then}), as the tiles show it: "+12 %", "−3 %", "new" or "±0". */
public record Trend(String text, String direction, BigDecimal then) {
    static Trend of(BigDecimal now, BigDecimal then) {
        int cmp = now.compareTo(then);
        if (cmp == 0) {
            return new Trend("±0 vs yesterday", "flat", then);
        }
        if (then.signum() == 0) {
            return new Trend((cmp > 0 ? "+" : "−") + now.subtract(then).abs().toPlainString() + " vs yesterday", cmp > 0 ? "up" : "down", then);
        }
        BigDecimal pct = now.subtract(then).multiply(BigDecimal.valueOf(100)).divide(then.abs(), 0, RoundingMode.HALF_UP);
        return new Trend((pct.signum() >= 0 ? "+" : "−") + pct.abs().toPlainString() + " % vs yesterday", cmp > 0 ? "up" : "down", then);
    }

    static Trend of(long now, long then) {
        return of(BigDecimal.valueOf(now), BigDecimal.valueOf(then));
    }
}
