package switchboard.dashboard;

import java.time.OffsetDateTime;
import java.util.List;

/** The KPI tiles of one view (the whole book or one agent), as of {@code at}. */
public record Kpis(String view, long activePlayers, Trend activeChange, Sparkline activeLine, List<CurrencyKpis> currencies, OffsetDateTime at) {
}
