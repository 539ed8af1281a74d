package switchboard.dashboard;

import static switchboard.db.jooq.Tables.ACTIVE_HOURS;
import static switchboard.db.jooq.Tables.ACTIVE_MINUTES;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/**
 * "Active players" of one scope (distinct customers with a wager placed in the 15 minutes ending
 * with a minute), now, a day ago and at each minute of the last hour, from the difference array
 * the customer_minutes trigger keeps (V19): active at m is minus the sum of the changes of every
 * minute after m. So the figure now and its sparkline read the minutes after an hour ago, and the
 * figure a day ago the rest of that minute's hour and the hours after it: about 75 + 60 minute
 * rows and 25 hour rows (plus the stripes of minutes still being written), however many
 * customers or wagers the history holds.
 */
final class ActivePlayerStore {
    private final DSLContext sql;

    ActivePlayerStore(DSLContext sql) {
        this.sql = sql;
    }

    /** Active players now ({@code line}'s last point), at the same minute yesterday, and at each of the last {@code minutes} minutes. */
    record Active(long now, long then, double[] line) {
    }

    /** A minute's summed changes; {@code minute} is null for a sum that only counts towards yesterday's figure. */
    private record Change(OffsetDateTime minute, BigDecimal change) {
    }

    Active active(String scope, OffsetDateTime thisMinute, int minutes) {
        OffsetDateTime first = thisMinute.minusMinutes(minutes - 1);
        OffsetDateTime then = thisMinute.minusDays(1);
        OffsetDateTime thenHourEnd = then.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        List<Change> changes = sql.select(ACTIVE_MINUTES.MINUTE, DSL.sum(ACTIVE_MINUTES.CHANGE))
                .from(ACTIVE_MINUTES)
                .where(ACTIVE_MINUTES.SCOPE.eq(scope))
                .and(ACTIVE_MINUTES.MINUTE.gt(first))
                .groupBy(ACTIVE_MINUTES.MINUTE)
                .unionAll(sql.select(DSL.inline(null, ACTIVE_MINUTES.MINUTE), DSL.sum(ACTIVE_MINUTES.CHANGE))
                        .from(ACTIVE_MINUTES)
                        .where(ACTIVE_MINUTES.SCOPE.eq(scope))
                        .and(ACTIVE_MINUTES.MINUTE.gt(then))
                        .and(ACTIVE_MINUTES.MINUTE.lt(thenHourEnd)))
                .unionAll(sql.select(DSL.inline(null, ACTIVE_HOURS.HOUR), DSL.sum(ACTIVE_HOURS.CHANGE))
                        .from(ACTIVE_HOURS)
                        .where(ACTIVE_HOURS.SCOPE.eq(scope))
                        .and(ACTIVE_HOURS.HOUR.ge(thenHourEnd)))
                .fetch(Records.mapping(Change::new));
        long yesterday = 0;
        long[] at = new long[minutes + 1];
        for (Change c : changes) {
            long change = c.change() == null ? 0 : c.change().longValue();
            if (c.minute() == null) {
                yesterday -= change;
                continue;
            }
            // Slot i holds the changes of minute first + i; the last slot every later one (the coming windows' ends).
            at[(int) Math.min(minutes, Duration.between(first, c.minute()).toMinutes())] += change;
        }
        double[] line = new double[minutes];
        long later = at[minutes];
        for (int i = minutes - 1; i >= 0; i--) {
            line[i] = -later;
            later += at[i];
        }
        return new Active((long) line[minutes - 1], yesterday, line);
    }
}
