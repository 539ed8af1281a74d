package switchboard.dashboard;

import java.math.BigDecimal;

/** One currency's tiles: revenue today, pending wagers and liability, each with its change and sparkline. */
public record CurrencyKpis(String currency, BigDecimal revenue, Trend revenueChange, Sparkline revenueLine,
                           int pendingCount, Trend pendingCountChange, BigDecimal pendingStake, Trend pendingStakeChange,
                           BigDecimal liability, Trend liabilityChange, Sparkline liabilityLine) {
    /** "kpi-long" for a figure of more than 12 characters: the wall sets it smaller so it fits its cell uncut, beside its sparkline. */
    public static String width(String shown) {
        return shown.length() > 12 ? "kpi-long" : "";
    }
}
