package switchboard.ops;

/**
 * One node on the ops page: its latest figures, whether it stopped reporting ({@code gone}),
 * and sparklines of its last ten minutes.
 */
public record NodeRow(String nodeId, boolean gone, long secondsSinceReport, int streams, double eventsPerSecond, Double deliveryP50Ms,
        Double deliveryP99Ms, Double listenerLagMs, long droppedStreams, int recentErrors, Sparkline eventsLine, Sparkline streamsLine,
        Sparkline p99Line) {

    /** A figure for the table: "–" when there is none (nothing delivered in the interval). */
    public static String ms(Double value) {
        return value == null ? "–" : value < 10 ? String.format(java.util.Locale.ROOT, "%.1f ms", value) : Math.round(value) + " ms";
    }

    public String eventsRate() {
        return String.format(java.util.Locale.ROOT, "%.1f", eventsPerSecond);
    }
}
