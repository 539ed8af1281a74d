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

    /**
     * Starts a hold, or records a heartbeat when this holder already holds. {@code page} names
     * the page holding ("" when the client names none); pages quiet for {@link Hold#QUIET} are
     * forgotten here.
     */
    void hold(String channel, String holder, String page) {
        sql.execute("""
                insert into hold_sessions (channel, holder, pages) values (?, ?, jsonb_build_object(?::text, extract(epoch from now())))
                on conflict (channel, holder) where ended_at is null do update
                set last_beat_at = now(),
                    pages = (select coalesce(jsonb_object_agg(key, value), '{}') from jsonb_each(hold_sessions.pages)
                             where value::numeric > extract(epoch from now()) - ?) || excluded.pages""",
                channel, holder, page, Hold.QUIET.toSeconds());
    }

    /** Lets go on {@code page}; the hold ends unless another page of the holder still beats. */
    boolean release(String channel, String holder, String page) {
        return sql.execute("""
                update hold_sessions set pages = pages - ?::text,
                    ended_at = case when exists (select 1 from jsonb_each(pages) where key <> ?
                                                 and value::numeric > extract(epoch from now()) - ?) then null else now() end
                where channel = ? and holder = ? and ended_at is null""",
                page, page, Hold.QUIET.toSeconds(), channel, holder) > 0;
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
