package switchboard.dashboard;

import static switchboard.db.jooq.Tables.CUSTOMER_MINUTES;
import static switchboard.db.jooq.Tables.WAGER_MINUTES;
import static switchboard.db.jooq.Tables.WAGER_TOTALS;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Records;

/**
 * The KPIs of one scope ({@code book} or {@code agent:<id>}), read from the aggregates the
 * wagers trigger keeps: wager_totals (current stock) and the per-minute buckets of the last
 * day (flows, and the stock's changes). Each query reads at most a day of minutes for one
 * scope, so its cost depends on time, never on the number of wagers.
 */
final class KpiStore {
    static final Duration ACTIVE_WINDOW = Duration.ofMinutes(15);
    private static final int SPARK_MINUTES = 60;

    private final DSLContext sql;

    KpiStore(DSLContext sql) {
        this.sql = sql;
    }

    private record Minute(String currency, OffsetDateTime minute, BigDecimal revenue, int pendingCount, BigDecimal pendingStake, BigDecimal liability) {
    }

    private record Total(String currency, int pendingCount, BigDecimal pendingStake, BigDecimal liability) {
    }

    private record Seen(OffsetDateTime minute, String customerId) {
    }

    Kpis kpis(String scope, String view) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime today = now.truncatedTo(ChronoUnit.DAYS);
        OffsetDateTime dayAgo = now.minusDays(1);
        List<Minute> minutes = sql.select(WAGER_MINUTES.CURRENCY, WAGER_MINUTES.MINUTE, WAGER_MINUTES.REVENUE, WAGER_MINUTES.PENDING_COUNT,
                        WAGER_MINUTES.PENDING_STAKE, WAGER_MINUTES.LIABILITY)
                .from(WAGER_MINUTES)
                .where(WAGER_MINUTES.SCOPE.eq(scope))
                .and(WAGER_MINUTES.MINUTE.ge(today.minusDays(1)))
                .fetch(Records.mapping(Minute::new));
        List<Total> totals = sql.select(WAGER_TOTALS.CURRENCY, WAGER_TOTALS.PENDING_COUNT, WAGER_TOTALS.PENDING_STAKE, WAGER_TOTALS.LIABILITY)
                .from(WAGER_TOTALS)
                .where(WAGER_TOTALS.SCOPE.eq(scope))
                .orderBy(WAGER_TOTALS.CURRENCY)
                .fetch(Records.mapping(Total::new));
        Map<String, Total> byCurrency = new TreeMap<>();
        totals.forEach(t -> byCurrency.put(t.currency(), t));
        minutes.forEach(m -> byCurrency.putIfAbsent(m.currency(), new Total(m.currency(), 0, BigDecimal.ZERO, BigDecimal.ZERO)));

        var currencies = new ArrayList<CurrencyKpis>();
        for (Total total : byCurrency.values()) {
            var mine = minutes.stream().filter(m -> m.currency().equals(total.currency())).toList();
            BigDecimal revenue = sum(mine, m -> !m.minute().isBefore(today), Minute::revenue);
            BigDecimal revenueThen = sum(mine, m -> !m.minute().isBefore(today.minusDays(1)) && m.minute().isBefore(dayAgo), Minute::revenue);
            // A stock a day ago: today's value minus every change since then.
            int countThen = total.pendingCount() - mine.stream().filter(m -> m.minute().isAfter(dayAgo)).mapToInt(Minute::pendingCount).sum();
            BigDecimal stakeThen = total.pendingStake().subtract(sum(mine, m -> m.minute().isAfter(dayAgo), Minute::pendingStake));
            BigDecimal liabilityThen = total.liability().subtract(sum(mine, m -> m.minute().isAfter(dayAgo), Minute::liability));
            double[] revenueLine = new double[SPARK_MINUTES];
            double[] liabilityLine = new double[SPARK_MINUTES];
            for (int i = 0; i < SPARK_MINUTES; i++) {
                OffsetDateTime at = thisMinute.minusMinutes(SPARK_MINUTES - 1 - i);
                revenueLine[i] = revenue.subtract(sum(mine, m -> m.minute().isAfter(at) && !m.minute().isBefore(today), Minute::revenue)).doubleValue();
                liabilityLine[i] = total.liability().subtract(sum(mine, m -> m.minute().isAfter(at), Minute::liability)).doubleValue();
            }
            currencies.add(new CurrencyKpis(total.currency(), revenue, Trend.of(revenue, revenueThen),
                    Sparkline.of(revenueLine, "Revenue today in " + total.currency() + ", last hour"),
                    total.pendingCount(), Trend.of(total.pendingCount(), countThen), total.pendingStake(), Trend.of(total.pendingStake(), stakeThen),
                    total.liability(), Trend.of(total.liability(), liabilityThen),
                    Sparkline.of(liabilityLine, "Liability in " + total.currency() + ", last hour")));
        }

        OffsetDateTime windowStart = thisMinute.minus(ACTIVE_WINDOW).plusMinutes(1);
        List<Seen> seen = sql.select(CUSTOMER_MINUTES.MINUTE, CUSTOMER_MINUTES.CUSTOMER_ID)
                .from(CUSTOMER_MINUTES)
                .where(CUSTOMER_MINUTES.SCOPE.eq(scope))
                .and(CUSTOMER_MINUTES.MINUTE.ge(windowStart.minusMinutes(SPARK_MINUTES)).and(CUSTOMER_MINUTES.MINUTE.le(thisMinute))
                        .or(CUSTOMER_MINUTES.MINUTE.ge(windowStart.minusDays(1)).and(CUSTOMER_MINUTES.MINUTE.le(thisMinute.minusDays(1)))))
                .fetch(Records.mapping(Seen::new));
        Map<OffsetDateTime, Set<String>> perMinute = new HashMap<>();
        seen.forEach(s -> perMinute.computeIfAbsent(s.minute().withOffsetSameInstant(ZoneOffset.UTC), k -> new HashSet<>()).add(s.customerId()));
        long active = distinct(perMinute, thisMinute);
        long activeThen = distinct(perMinute, thisMinute.minusDays(1));
        double[] activeLine = new double[SPARK_MINUTES];
        for (int i = 0; i < SPARK_MINUTES; i++) {
            activeLine[i] = distinct(perMinute, thisMinute.minusMinutes(SPARK_MINUTES - 1 - i));
        }
        return new Kpis(view, active, Trend.of(active, activeThen), Sparkline.of(activeLine, "Active players, last hour"), currencies, now);
    }

    /** Distinct customers with a wager in the 15 minutes ending with {@code end}'s minute. */
    private static long distinct(Map<OffsetDateTime, Set<String>> perMinute, OffsetDateTime end) {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < ACTIVE_WINDOW.toMinutes(); i++) {
            all.addAll(perMinute.getOrDefault(end.minusMinutes(i), Set.of()));
        }
        return all.size();
    }

    private static BigDecimal sum(List<Minute> minutes, java.util.function.Predicate<Minute> which, java.util.function.Function<Minute, BigDecimal> value) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Minute m : minutes) {
            if (which.test(m)) {
                sum = sum.add(value.apply(m));
            }
        }
        return sum;
    }
}
