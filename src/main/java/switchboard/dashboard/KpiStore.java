package switchboard.dashboard;

import static switchboard.db.jooq.Tables.WAGER_HOURS;
import static switchboard.db.jooq.Tables.WAGER_MINUTES;
import static switchboard.db.jooq.Tables.WAGER_TOTALS;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/**
 * The KPIs of one scope ({@code book} or {@code agent:<id>}), read from the aggregates the
 * wagers trigger keeps, each a sum over its stripes (one per writing session, folded into one by
 * {@link Dashboard#foldJob}): wager_totals (current stock), the hour rollups of the last two days
 * and the minute buckets of two hours (the last hour, for the sparklines, and the hour holding
 * this time yesterday), V19. "Today" is today's hours; "since this time yesterday" the rest of
 * yesterday's hour in minutes and the hours after it. So a tile reads a number of rows set by the
 * clock, never by the number of wagers or of minutes with wagers in them.
 */
final class KpiStore {
    private static final int SPARK_MINUTES = 60;

    private final DSLContext sql;

    KpiStore(DSLContext sql) {
        this.sql = sql;
    }

    private record Minute(String currency, OffsetDateTime minute, BigDecimal revenue, int pendingCount, BigDecimal pendingStake, BigDecimal liability) {
    }

    private record Total(String currency, int pendingCount, BigDecimal pendingStake, BigDecimal liability) {
    }

    /** A currency's flows summed in the database: revenue today and at this time yesterday, and the stock's changes since this time yesterday. */
    private record Day(String currency, BigDecimal revenue, BigDecimal revenueThen, BigDecimal countSince, BigDecimal stakeSince, BigDecimal liabilitySince) {
        static final Day NONE = new Day(null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        Day plus(Day d) {
            return new Day(d.currency, revenue.add(d.revenue), revenueThen.add(d.revenueThen), countSince.add(d.countSince),
                    stakeSince.add(d.stakeSince), liabilitySince.add(d.liabilitySince));
        }
    }

    Kpis kpis(String scope, String view) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime today = now.truncatedTo(ChronoUnit.DAYS);
        OffsetDateTime dayAgo = now.minusDays(1);
        OffsetDateTime dayAgoHour = dayAgo.truncatedTo(ChronoUnit.HOURS);
        OffsetDateTime first = thisMinute.minusMinutes(SPARK_MINUTES - 1);
        // A stock is the sum of its stripes (V17): a few rows per currency, the fold job keeps it so.
        List<Total> totals = sql.select(WAGER_TOTALS.CURRENCY, DSL.sum(WAGER_TOTALS.PENDING_COUNT).cast(Integer.class),
                        DSL.sum(WAGER_TOTALS.PENDING_STAKE), DSL.sum(WAGER_TOTALS.LIABILITY))
                .from(WAGER_TOTALS)
                .where(WAGER_TOTALS.SCOPE.eq(scope))
                .groupBy(WAGER_TOTALS.CURRENCY)
                .orderBy(WAGER_TOTALS.CURRENCY)
                .fetch(Records.mapping(Total::new));
        // Every currency the scope ever had has a stock row: naming them lets each query below walk the (scope, currency,
        // time) keys from its first row, rather than every minute or hour the scope has ever had.
        List<String> codes = totals.stream().map(Total::currency).toList();
        // Minutes from yesterday 00:00: whole hours before dayAgo's hour and after it, dayAgo's own hour by the minute.
        List<Day> parts = sql.select(WAGER_HOURS.CURRENCY,
                        sumOf(WAGER_HOURS.REVENUE, WAGER_HOURS.HOUR.ge(today)),
                        sumOf(WAGER_HOURS.REVENUE, WAGER_HOURS.HOUR.lt(dayAgoHour)),
                        sumOf(WAGER_HOURS.PENDING_COUNT, WAGER_HOURS.HOUR.gt(dayAgoHour)),
                        sumOf(WAGER_HOURS.PENDING_STAKE, WAGER_HOURS.HOUR.gt(dayAgoHour)),
                        sumOf(WAGER_HOURS.LIABILITY, WAGER_HOURS.HOUR.gt(dayAgoHour)))
                .from(WAGER_HOURS)
                .where(WAGER_HOURS.SCOPE.eq(scope))
                .and(WAGER_HOURS.CURRENCY.in(codes))
                .and(WAGER_HOURS.HOUR.ge(today.minusDays(1)))
                .groupBy(WAGER_HOURS.CURRENCY)
                .unionAll(sql.select(WAGER_MINUTES.CURRENCY,
                                DSL.inline(BigDecimal.ZERO),
                                sumOf(WAGER_MINUTES.REVENUE, WAGER_MINUTES.MINUTE.lt(dayAgo)),
                                sumOf(WAGER_MINUTES.PENDING_COUNT, WAGER_MINUTES.MINUTE.gt(dayAgo)),
                                sumOf(WAGER_MINUTES.PENDING_STAKE, WAGER_MINUTES.MINUTE.gt(dayAgo)),
                                sumOf(WAGER_MINUTES.LIABILITY, WAGER_MINUTES.MINUTE.gt(dayAgo)))
                        .from(WAGER_MINUTES)
                        .where(WAGER_MINUTES.SCOPE.eq(scope))
                        .and(WAGER_MINUTES.CURRENCY.in(codes))
                        .and(WAGER_MINUTES.MINUTE.ge(dayAgoHour))
                        .and(WAGER_MINUTES.MINUTE.lt(dayAgoHour.plusHours(1)))
                        .groupBy(WAGER_MINUTES.CURRENCY))
                .fetch(Records.mapping(Day::new));
        List<Minute> minutes = sql.select(WAGER_MINUTES.CURRENCY, WAGER_MINUTES.MINUTE, WAGER_MINUTES.REVENUE, WAGER_MINUTES.PENDING_COUNT,
                        WAGER_MINUTES.PENDING_STAKE, WAGER_MINUTES.LIABILITY)
                .from(WAGER_MINUTES)
                .where(WAGER_MINUTES.SCOPE.eq(scope))
                .and(WAGER_MINUTES.CURRENCY.in(codes))
                .and(WAGER_MINUTES.MINUTE.ge(first))
                .fetch(Records.mapping(Minute::new));
        Map<String, Total> byCurrency = new TreeMap<>();
        totals.forEach(t -> byCurrency.put(t.currency(), t));
        Map<String, Day> dayOf = new HashMap<>();
        parts.forEach(d -> {
            dayOf.merge(d.currency(), d, Day::plus);
            byCurrency.putIfAbsent(d.currency(), new Total(d.currency(), 0, BigDecimal.ZERO, BigDecimal.ZERO));
        });

        var currencies = new ArrayList<CurrencyKpis>();
        for (Total total : byCurrency.values()) {
            var mine = minutes.stream().filter(m -> m.currency().equals(total.currency())).toList();
            Day day = dayOf.getOrDefault(total.currency(), Day.NONE);
            BigDecimal revenue = day.revenue();
            BigDecimal revenueThen = day.revenueThen();
            // A stock a day ago: today's value minus every change since then.
            int countThen = total.pendingCount() - day.countSince().intValue();
            BigDecimal stakeThen = total.pendingStake().subtract(day.stakeSince());
            BigDecimal liabilityThen = total.liability().subtract(day.liabilitySince());
            // The sparklines: each point is the figure now minus the changes after that minute. One pass
            // buckets the last hour's changes; a backward pass adds them up.
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
            int units = WagerStore.minorUnits(sql, total.currency()).orElse(2);
            BigDecimal revenueNow = shown(revenue, units);
            BigDecimal stake = shown(total.pendingStake(), units);
            BigDecimal liability = shown(total.liability(), units);
            currencies.add(new CurrencyKpis(total.currency(), revenueNow, Trend.of(revenueNow, shown(revenueThen, units), Trend.Sense.UP_IS_GOOD),
                    Sparkline.of(revenueLine, "Revenue today in " + total.currency() + ", last hour"),
                    total.pendingCount(), Trend.of(total.pendingCount(), countThen, Trend.Sense.NEUTRAL),
                    stake, Trend.of(stake, shown(stakeThen, units), Trend.Sense.NEUTRAL),
                    liability, Trend.of(liability, shown(liabilityThen, units), Trend.Sense.UP_IS_RISK),
                    Sparkline.of(liabilityLine, "Liability in " + total.currency() + ", last hour")));
        }

        var active = new ActivePlayerStore(sql).active(scope, thisMinute, SPARK_MINUTES);
        return new Kpis(view, active.now(), Trend.of(active.now(), active.then(), Trend.Sense.NEUTRAL), Sparkline.of(active.line(), "Active players, last hour"), currencies, now);
    }

    private static <T extends Number> org.jooq.Field<BigDecimal> sumOf(org.jooq.Field<T> field, org.jooq.Condition when) {
        return DSL.coalesce(DSL.sum(field).filterWhere(when), BigDecimal.ZERO);
    }

    /** An amount with its currency's decimals (0 EUR as 0.00, 500.00 JPY as 500), never rounding a digit away. */
    static BigDecimal shown(BigDecimal amount, int units) {
        return amount.stripTrailingZeros().scale() <= units ? amount.setScale(units, java.math.RoundingMode.UNNECESSARY) : amount;
    }

    private static BigDecimal[] zeros(int n) {
        BigDecimal[] zeros = new BigDecimal[n];
        java.util.Arrays.fill(zeros, BigDecimal.ZERO);
        return zeros;
    }
}
