package switchboard.dashboard;

import java.math.BigDecimal;

/** One currency's tiles: revenue today, pending wagers and liability, each with its change and sparkline. */
public record CurrencyKpis(String currency, BigDecimal revenue, Trend revenueChange, Sparkline revenueLine,
                           int pendingCount, Trend pendingCountChange, BigDecimal pendingStake, Trend pendingStakeChange,
                           BigDecimal liability, Trend liabilityChange, Sparkline liabilityLine) {
    /** Revenue as the tile shows it: it may be negative, with the changes' minus sign. */
    public String revenueShown() {
        return Trend.shown(revenue);
    }

    /** The pending tile's change, in the order of its value ("count · stake"): "+3 · +15 % vs yesterday". */
    public String pendingChange() {
        return pendingCountChange.change() + " · " + pendingStakeChange.change() + " vs yesterday";
    }

    /** "kpi-long" for a figure of more than 12 characters: the wall sets it smaller so it fits its cell uncut, beside its sparkline. */
    public static String width(String shown) {
        return shown.length() > 12 ? "kpi-long" : "";
    }
}
