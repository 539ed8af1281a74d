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
import org.jooq.impl.DSL;

/**
 * The KPIs of one scope ({@code book} or {@code agent:<id>}), read from the aggregates the
 * wagers trigger keeps: wager_totals (current stock) and the per-minute buckets of the last
 * day (flows, and the stock's changes), each a sum over its stripes (one per writing session,
 * folded into one by {@link Dashboard#foldJob}). Each query reads at most a day of minutes for one
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

    /** A currency's flows over the buckets since yesterday 00:00, summed in the database: revenue today and at this time yesterday, and the stock's changes in the last 24 hours. */
    private record Day(String currency, BigDecimal revenue, BigDecimal revenueThen, BigDecimal countSince, BigDecimal stakeSince, BigDecimal liabilitySince) {
    }

    private record Seen(OffsetDateTime minute, String customerId) {
    }

    Kpis kpis(String scope, String view) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime today = now.truncatedTo(ChronoUnit.DAYS);
        OffsetDateTime dayAgo = now.minusDays(1);
        OffsetDateTime first = thisMinute.minusMinutes(SPARK_MINUTES - 1);
        // A day of minute rows is summed where it lies; only the last hour's rows (the sparklines) come back.
        List<Day> days = sql.select(WAGER_MINUTES.CURRENCY,
                        sumOf(WAGER_MINUTES.REVENUE, WAGER_MINUTES.MINUTE.ge(today)),
                        sumOf(WAGER_MINUTES.REVENUE, WAGER_MINUTES.MINUTE.lt(dayAgo)),
                        sumOf(WAGER_MINUTES.PENDING_COUNT, WAGER_MINUTES.MINUTE.gt(dayAgo)),
                        sumOf(WAGER_MINUTES.PENDING_STAKE, WAGER_MINUTES.MINUTE.gt(dayAgo)),
                        sumOf(WAGER_MINUTES.LIABILITY, WAGER_MINUTES.MINUTE.gt(dayAgo)))
                .from(WAGER_MINUTES)
                .where(WAGER_MINUTES.SCOPE.eq(scope))
                .and(WAGER_MINUTES.MINUTE.ge(today.minusDays(1)))
                .groupBy(WAGER_MINUTES.CURRENCY)
                .fetch(Records.mapping(Day::new));
        List<Minute> minutes = sql.select(WAGER_MINUTES.CURRENCY, WAGER_MINUTES.MINUTE, WAGER_MINUTES.REVENUE, WAGER_MINUTES.PENDING_COUNT,
                        WAGER_MINUTES.PENDING_STAKE, WAGER_MINUTES.LIABILITY)
                .from(WAGER_MINUTES)
                .where(WAGER_MINUTES.SCOPE.eq(scope))
                .and(WAGER_MINUTES.MINUTE.ge(first))
                .fetch(Records.mapping(Minute::new));
        // A stock is the sum of its stripes (V17): a few rows per currency, the fold job keeps it so.
        List<Total> totals = sql.select(WAGER_TOTALS.CURRENCY, DSL.sum(WAGER_TOTALS.PENDING_COUNT).cast(Integer.class),
                        DSL.sum(WAGER_TOTALS.PENDING_STAKE), DSL.sum(WAGER_TOTALS.LIABILITY))
                .from(WAGER_TOTALS)
                .where(WAGER_TOTALS.SCOPE.eq(scope))
                .groupBy(WAGER_TOTALS.CURRENCY)
                .orderBy(WAGER_TOTALS.CURRENCY)
                .fetch(Records.mapping(Total::new));
        Map<String, Total> byCurrency = new TreeMap<>();
        totals.forEach(t -> byCurrency.put(t.currency(), t));
        Map<String, Day> dayOf = new HashMap<>();
        days.forEach(d -> {
            dayOf.put(d.currency(), d);
            byCurrency.putIfAbsent(d.currency(), new Total(d.currency(), 0, BigDecimal.ZERO, BigDecimal.ZERO));
        });

        var currencies = new ArrayList<CurrencyKpis>();
        for (Total total : byCurrency.values()) {
            var mine = minutes.stream().filter(m -> m.currency().equals(total.currency())).toList();
            Day day = dayOf.getOrDefault(total.currency(), new Day(total.currency(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
            BigDecimal revenue = day.revenue();
            BigDecimal revenueThen = day.revenueThen();
            // A stock a day ago: today's value minus every change since then.
            int countThen = total.pendingCount() - day.countSince().intValue();
            BigDecimal stakeThen = total.pendingStake().subtract(day.stakeSince());
            BigDecimal liabilityThen = total.liability().subtract(day.liabilitySince());
            // The sparklines: each point is the figure now minus the changes after that minute. One pass
            // buckets the last hour's changes; a backward pass adds them up (a day of minute rows is
            // walked once per currency, not once per point).
            BigDecimal[] revenueAfter = zeros(SPARK_MINUTES + 1);
            BigDecimal[] liabilityAfter = zeros(SPARK_MINUTES + 1);
            for (Minute m : mine) {
                if (m.minute().isBefore(first)) {
                    continue;
                }
                int at = (int) Math.min(SPARK_MINUTES, Duration.between(first, m.minute()).toMinutes());
                revenueAfter[at] = revenueAfter[at].add(m.minute().isBefore(today) ? BigDecimal.ZERO : m.revenue());
                liabilityAfter[at] = liabilityAfter[at].add(m.liability());
            }
            double[] revenueLine = new double[SPARK_MINUTES];
            double[] liabilityLine = new double[SPARK_MINUTES];
            BigDecimal laterRevenue = revenueAfter[SPARK_MINUTES];
            BigDecimal laterLiability = liabilityAfter[SPARK_MINUTES];
            for (int i = SPARK_MINUTES - 1; i >= 0; i--) {
                revenueLine[i] = revenue.subtract(laterRevenue).doubleValue();
                liabilityLine[i] = total.liability().subtract(laterLiability).doubleValue();
                laterRevenue = laterRevenue.add(revenueAfter[i]);
                laterLiability = laterLiability.add(liabilityAfter[i]);
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
        double[] activeLine = activeLine(perMinute, thisMinute);
        return new Kpis(view, active, Trend.of(active, activeThen), Sparkline.of(activeLine, "Active players, last hour"), currencies, now);
    }

    private static <T extends Number> org.jooq.Field<BigDecimal> sumOf(org.jooq.Field<T> field, org.jooq.Condition when) {
        return DSL.coalesce(DSL.sum(field).filterWhere(when), BigDecimal.ZERO);
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] zeros = new BigDecimal[n];
        java.util.Arrays.fill(zeros, BigDecimal.ZERO);
        return zeros;
    }

    /** Active players at each minute of the last hour: a 15-minute window slid once over the minutes, counting each customer's minutes in it. */
    private static double[] activeLine(Map<OffsetDateTime, Set<String>> perMinute, OffsetDateTime thisMinute) {
        int window = (int) ACTIVE_WINDOW.toMinutes();
        double[] line = new double[SPARK_MINUTES];
        Map<String, Integer> inWindow = new HashMap<>();
        OffsetDateTime start = thisMinute.minusMinutes(SPARK_MINUTES - 1 + window - 1);
        for (int i = 0; i < SPARK_MINUTES + window - 1; i++) {
            OffsetDateTime minute = start.plusMinutes(i);
            perMinute.getOrDefault(minute, Set.of()).forEach(c -> inWindow.merge(c, 1, Integer::sum));
            perMinute.getOrDefault(minute.minusMinutes(window), Set.of()).forEach(c -> inWindow.computeIfPresent(c, (k, n) -> n == 1 ? null : n - 1));
            if (i >= window - 1) {
                line[i - (window - 1)] = inWindow.size();
            }
        }
        return line;
    }

    /** Distinct customers with a wager in the 15 minutes ending with {@code end}'s minute. */
    private static long distinct(Map<OffsetDateTime, Set<String>> perMinute, OffsetDateTime end) {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < ACTIVE_WINDOW.toMinutes(); i++) {
            all.addAll(perMinute.getOrDefault(end.minusMinutes(i), Set.of()));
        }
        return all.size();
    }
}
