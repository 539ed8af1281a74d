package switchboard.polls;

import static switchboard.db.jooq.Tables.HOLD_SESSIONS;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Queries on hold_sessions. The table's triggers publish every press and release. */
final class HoldStore {
    private final DSLContext sql;

    HoldStore(DSLContext sql) {
        this.sql = sql;
    }

    long activeCount(String channel) {
        return sql.selectCount()
                .from(HOLD_SESSIONS)
                .where(HOLD_SESSIONS.CHANNEL.eq(channel))
                .and(HOLD_SESSIONS.ENDED_AT.isNull())
                .fetchOne(0, Long.class);
    }

    /** Starts a hold, or records a heartbeat when this holder already holds. */
    void hold(String channel, String holder) {
        sql.insertInto(HOLD_SESSIONS, HOLD_SESSIONS.CHANNEL, HOLD_SESSIONS.HOLDER)
                .values(channel, holder)
                .onConflict(HOLD_SESSIONS.CHANNEL, HOLD_SESSIONS.HOLDER)
                .where(HOLD_SESSIONS.ENDED_AT.isNull())
                .doUpdate()
                .set(HOLD_SESSIONS.LAST_BEAT_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    boolean release(String channel, String holder) {
        return sql.update(HOLD_SESSIONS)
                .set(HOLD_SESSIONS.ENDED_AT, DSL.currentOffsetDateTime())
                .where(HOLD_SESSIONS.CHANNEL.eq(channel))
                .and(HOLD_SESSIONS.HOLDER.eq(holder))
                .and(HOLD_SESSIONS.ENDED_AT.isNull())
                .execute() > 0;
    }

    /** Ends holds whose browser sent no heartbeat for {@code quiet}, and forgets day-old ones. */
    static int endQuiet(DSLContext tx, Duration quiet) {
        int ended = tx.update(HOLD_SESSIONS)
                .set(HOLD_SESSIONS.ENDED_AT, HOLD_SESSIONS.LAST_BEAT_AT)
                .where(HOLD_SESSIONS.ENDED_AT.isNull())
                .and(HOLD_SESSIONS.LAST_BEAT_AT.lt(OffsetDateTime.now().minus(quiet)))
                .execute();
        tx.deleteFrom(HOLD_SESSIONS)
                .where(HOLD_SESSIONS.ENDED_AT.lt(OffsetDateTime.now().minusDays(1)))
                .execute();
        return ended;
    }
}
