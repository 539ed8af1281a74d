package switchboard.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A KPI's change against the same time yesterday ({@code then}), as the tiles show it: "+12 %",
 * "−3 %", "+40.00" (from nothing) or "±0". {@code tone} is what the change means to the book, the
 * class that colours it ("good", "bad", "risk", or "" for none), never its direction alone: a
 * rising liability is risk, not good news.
 */
public record Trend(String change, String tone, BigDecimal then) {
    /** What a tile's rise means to a bookmaker. */
    enum Sense {
        /** Revenue: up is good, down is bad. */
        UP_IS_GOOD,
        /** Liability: up is risk; down is only less of it, no news either way. */
        UP_IS_RISK,
        /** Volume (pending wagers, active players): more or less of it is neither good nor bad by itself. */
        NEUTRAL
    }

    /** The minus sign everywhere a tile shows one, value and change alike: U+2212, which screen readers read as "minus". */
    static final String MINUS = "−";

    static Trend of(BigDecimal now, BigDecimal then, Sense sense) {
        int cmp = now.compareTo(then);
        String tone = switch (sense) {
            case UP_IS_GOOD -> cmp > 0 ? "good" : cmp < 0 ? "bad" : "";
            case UP_IS_RISK -> cmp > 0 ? "risk" : "";
            case NEUTRAL -> "";
        };
        if (cmp == 0) {
            return new Trend("±0", tone, then);
        }
        if (then.signum() == 0) {
            return new Trend((cmp > 0 ? "+" : MINUS) + now.subtract(then).abs().toPlainString(), tone, then);
        }
        BigDecimal pct = now.subtract(then).multiply(BigDecimal.valueOf(100)).divide(then.abs(), 0, RoundingMode.HALF_UP);
        return new Trend((pct.signum() >= 0 ? "+" : MINUS) + pct.abs().toPlainString() + " %", tone, then);
    }

    static Trend of(long now, long then, Sense sense) {
        return of(BigDecimal.valueOf(now), BigDecimal.valueOf(then), sense);
    }

    /** "+12 % vs yesterday". */
    public String text() {
        return change + " vs yesterday";
    }

    /** An amount as a tile shows it, with the same minus sign as the changes ("−15.00", not "-15.00"). */
    static String shown(BigDecimal amount) {
        return amount.signum() < 0 ? MINUS + amount.negate().toPlainString() : amount.toPlainString();
    }
}
