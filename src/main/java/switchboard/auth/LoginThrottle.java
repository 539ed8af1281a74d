package switchboard.auth;

import static switchboard.db.jooq.Tables.LOGIN_FAILURES;

import java.time.Duration;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Failed sign-ins in a sliding window, counted three ways. Once one of them reaches its limit,
 * further attempts that it covers are refused (429) until the oldest of those failures leaves the
 * window, whether or not the password would be right:
 * <ul>
 * <li>per account name <em>and</em> client address: {@code limit} (one client guessing one
 * account's password);
 * <li>per client address: {@code limit} (one client trying many accounts);
 * <li>per account name from anywhere: ten times {@code limit} (guesses spread over many
 * addresses). Someone who types wrong passwords at an account from one address therefore no
 * longer locks its owner out everywhere: that takes failures from ten addresses at once.
 * </ul>
 * The failures are rows in PostgreSQL, timed by its clock, so every node of a cluster counts the
 * same ones: N nodes behind a balancer do not give an attacker N times the limit.
 */
public final class LoginThrottle {
    /** The account-wide limit, as a multiple of the per-address ones. */
    static final int ACCOUNT_WIDE = 10;
    private final DSLContext sql;
    private final int limit;
    private final Duration window;

    public LoginThrottle(DSLContext sql, int limit, Duration window) {
        this.sql = sql;
        this.limit = limit;
        this.window = window;
    }

    public static LoginThrottle standard(DSLContext sql) {
        return new LoginThrottle(sql, 10, Duration.ofMinutes(1));
    }

    /**
     * An attempt under way. Its rows are written before its password is checked and count as
     * failures from then on, so attempts sent in parallel see each other: when the check came
     * first and the failure was written after the (slow) password hash, 40 parallel guesses got
     * 22 checked where the limit is 10. {@link #refused} attempts have no rows left.
     */
    public static final class Attempt {
        private final List<Long> rows;
        private final long waitSeconds;
        private volatile boolean failed;

        private Attempt(List<Long> rows, long waitSeconds) {
            this.rows = rows;
            this.waitSeconds = waitSeconds;
        }

        /** Seconds to wait before trying again, when the attempt was refused; 0 when it may go ahead. */
        public long waitSeconds() {
            return waitSeconds;
        }

        public boolean refused() {
            return waitSeconds > 0;
        }

        /** The password (or link) was wrong: the attempt's rows stay, as a failure. */
        void failed() {
            failed = true;
        }
    }

    /**
     * Starts an attempt: records it, then counts the failures and attempts in the window (one
     * statement for the three counts). Over a limit, it is refused and its rows are removed: a
     * refused attempt is no guess. Otherwise the caller checks the password, calls
     * {@link Attempt#failed} when it was wrong, and always {@link #end}.
     */
    public Attempt begin(String username, String address) {
        String account = accountKey(username);
        var insert = sql.insertInto(LOGIN_FAILURES, LOGIN_FAILURES.KEY).values(key("ip:" + address));
        if (account != null) {
            insert = insert.values(key(account)).values(key(pairKey(account, address)));
        }
        List<Long> rows = insert.returning(LOGIN_FAILURES.ID).fetch(LOGIN_FAILURES.ID);
        // This attempt's own row is in each count: over the limit means limit + 1 rows.
        Field<Double> wait = account == null
                ? waitSeconds("ip:" + address, limit + 1)
                : DSL.greatest(waitSeconds("ip:" + address, limit + 1), waitSeconds(pairKey(account, address), limit + 1),
                        waitSeconds(account, limit * ACCOUNT_WIDE + 1));
        Double seconds = sql.select(wait).fetchOne(0, Double.class);
        var attempt = new Attempt(rows, seconds == null || seconds <= 0 ? 0 : Math.max(1, (long) Math.ceil(seconds)));
        if (attempt.refused()) {
            forget(rows);
        }
        return attempt;
    }

    /** Ends an attempt: unless it {@link Attempt#failed}, its rows go (a success, or a request refused before any check). */
    public void end(Attempt attempt) {
        if (attempt != null && !attempt.failed && !attempt.refused()) {
            forget(attempt.rows);
        }
    }

    private void forget(List<Long> rows) {
        sql.deleteFrom(LOGIN_FAILURES).where(LOGIN_FAILURES.ID.in(rows)).execute();
    }

    /** Forgets failures that have left the window (a job: keys nobody tries again stay otherwise). */
    public void forgetOld(DSLContext tx) {
        tx.deleteFrom(LOGIN_FAILURES)
                .where(DSL.not(inWindow()))
                .execute();
    }

    private static String accountKey(String username) {
        return username == null || username.isBlank() ? null : "user:" + username.strip().toLowerCase();
    }

    /** The address first: a key cut to the column's length still names the address. */
    private static String pairKey(String account, String address) {
        return "at:" + address + " " + account;
    }

    /** Keys are capped to the column: a 10,000-character user name is still one account. */
    private static String key(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200);
    }

    /** The wait until the limit-th most recent failure in the window leaves it; 0 when fewer (a scalar subquery). */
    private Field<Double> waitSeconds(String key, int limit) {
        Field<Double> wait = DSL.field("extract(epoch from {0} + {1}::interval - clock_timestamp())", Double.class,
                LOGIN_FAILURES.AT, DSL.val(window.toMillis() + " milliseconds"));
        return DSL.coalesce(DSL.field(sql.select(wait)
                .from(LOGIN_FAILURES)
                .where(LOGIN_FAILURES.KEY.eq(key(key)))
                .and(inWindow())
                .orderBy(LOGIN_FAILURES.AT.desc())
                .offset(limit - 1)
                .limit(1)), DSL.inline(0.0));
    }

    private Condition inWindow() {
        return DSL.condition("{0} > clock_timestamp() - {1}::interval", LOGIN_FAILURES.AT, DSL.val(window.toMillis() + " milliseconds"));
    }
}
