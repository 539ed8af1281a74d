package switchboard.auth;

import static switchboard.db.jooq.Tables.LOGIN_FAILURES;

import java.time.Duration;
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

    /** Seconds to wait before trying again, or 0 when an attempt may go ahead (one query for the three counts). */
    public long retryAfterSeconds(String username, String address) {
        String account = accountKey(username);
        Field<Double> wait = account == null
                ? waitSeconds("ip:" + address, limit)
                : DSL.greatest(waitSeconds("ip:" + address, limit), waitSeconds(pairKey(account, address), limit),
                        waitSeconds(account, limit * ACCOUNT_WIDE));
        Double seconds = sql.select(wait).fetchOne(0, Double.class);
        return seconds == null || seconds <= 0 ? 0 : Math.max(1, (long) Math.ceil(seconds));
    }

    void failed(String username, String address) {
        String account = accountKey(username);
        var insert = sql.insertInto(LOGIN_FAILURES, LOGIN_FAILURES.KEY).values(key("ip:" + address));
        if (account != null) {
            insert = insert.values(key(account)).values(key(pairKey(account, address)));
        }
        insert.execute();
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
