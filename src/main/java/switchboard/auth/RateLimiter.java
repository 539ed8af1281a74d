package switchboard.auth;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A token bucket per key (an API key, say): {@code perSecond} requests a second on average,
 * bursts up to {@code burst}. The buckets are rows in PostgreSQL ({@code sb_take_tokens}, one
 * round trip a request), so the limit holds for the whole cluster rather than per node.
 */
public final class RateLimiter {
    private final DSLContext sql;
    private final double perSecond;
    private final double burst;

    public RateLimiter(DSLContext sql, double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.sql = sql;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes {@code cost} tokens; returns 0 when granted, else the seconds to wait before retrying. */
    public long acquire(String key, int cost) {
        return seconds(sql.select(take(DSL.val(key), cost)).fetchOne(0, Double.class));
    }

    /**
     * The same take as a column, for a statement that reads something else too (an API key's
     * lookup takes its tokens in the same round trip); {@link #seconds} reads its value.
     */
    org.jooq.Field<Double> take(org.jooq.Field<String> key, int cost) {
        return DSL.field("sb_take_tokens({0}, {1}, {2}, {3})", Double.class, key, DSL.val(perSecond), DSL.val(burst), DSL.val((double) cost));
    }

    static long seconds(Double wait) {
        return wait == null || wait <= 0 ? 0 : Math.max(1, (long) Math.ceil(wait));
    }
}
