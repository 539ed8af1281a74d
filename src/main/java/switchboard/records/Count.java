package switchboard.records;

/**
 * How many rows a list has: exact, or the planner's estimate (shown as "about"). An estimate
 * below the exact-count limit (statistics not gathered yet) says only "more than" the limit.
 */
public record Count(long value, boolean exact, long limit) {
    public String text() {
        if (exact) {
            return String.format("%,d", value);
        }
        return value > limit ? String.format("about %,d", value) : String.format("more than %,d", limit);
    }
}
