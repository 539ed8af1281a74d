package switchboard.ops;

/**
 * One node on the ops page: its latest figures, its {@link State}, whether a node now up on the
 * same host and port {@code replaced} it (a restart), and sparklines of its last ten minutes.
 */
public record NodeRow(String nodeId, State state, boolean replaced, long secondsSinceReport, int streams, double eventsPerSecond,
        Double deliveryP50Ms, Double deliveryP99Ms, Double listenerLagMs, long droppedStreams, int recentErrors, Sparkline eventsLine,
        Sparkline streamsLine, Sparkline p99Line) {

    /** Up (reporting), stopped on purpose (its last report said so), or gone (its reports just stopped). In the table's order. */
    public enum State { UP, STOPPED, GONE }

    /** Whether the row is of a node that no longer reports. */
    public boolean gone() {
        return state != State.UP;
    }

    /** A figure for the table: "–" when there is none (nothing delivered in the interval). */
    public static String ms(Double value) {
        return value == null ? "–" : value < 10 ? String.format(java.util.Locale.ROOT, "%.1f ms", value) : Math.round(value) + " ms";
    }

    public String eventsRate() {
        return String.format(java.util.Locale.ROOT, "%.1f", eventsPerSecond);
    }
}
