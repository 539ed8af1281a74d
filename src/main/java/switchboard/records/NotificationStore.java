package switchboard.records;

import static switchboard.db.jooq.Tables.NOTIFICATIONS;
import static switchboard.db.jooq.Tables.RECORD_PRESENCE;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Notifications (made by the workflow triggers) and "is editing" presence marks. */
final class NotificationStore {
    private final DSLContext sql;

    NotificationStore(DSLContext sql) {
        this.sql = sql;
    }

    int unread(long userId) {
        return sql.fetchCount(NOTIFICATIONS, NOTIFICATIONS.USER_ID.eq(userId).and(NOTIFICATIONS.READ_AT.isNull()));
    }

    List<Notification> recent(long userId) {
        return sql.selectFrom(NOTIFICATIONS)
                .where(NOTIFICATIONS.USER_ID.eq(userId))
                .orderBy(NOTIFICATIONS.ID.desc())
                .limit(100)
                .fetch(r -> new Notification(r.getId(), r.getText(), r.getLink(), RecordStore.shown(r.getCreatedAt()), r.getReadAt() != null));
    }

    void markAllRead(long userId) {
        sql.update(NOTIFICATIONS).set(NOTIFICATIONS.READ_AT, DSL.currentOffsetDateTime())
                .where(NOTIFICATIONS.USER_ID.eq(userId)).and(NOTIFICATIONS.READ_AT.isNull()).execute();
    }

    /** Marks (or refreshes) that {@code userId} has the record's form open. */
    void editing(Kind kind, long id, long userId, String name) {
        sql.insertInto(RECORD_PRESENCE)
                .set(RECORD_PRESENCE.KIND, kind.slug()).set(RECORD_PRESENCE.RECORD_ID, id)
                .set(RECORD_PRESENCE.USER_ID, userId).set(RECORD_PRESENCE.NAME, name)
                .onConflict(RECORD_PRESENCE.KIND, RECORD_PRESENCE.RECORD_ID, RECORD_PRESENCE.USER_ID)
                .doUpdate().set(RECORD_PRESENCE.SEEN_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    void left(Kind kind, long id, long userId) {
        sql.deleteFrom(RECORD_PRESENCE).where(RECORD_PRESENCE.KIND.eq(kind.slug()))
                .and(RECORD_PRESENCE.RECORD_ID.eq(id)).and(RECORD_PRESENCE.USER_ID.eq(userId)).execute();
    }

    List<Editor> editors(Kind kind, long id) {
        return sql.select(RECORD_PRESENCE.USER_ID, RECORD_PRESENCE.NAME)
                .from(RECORD_PRESENCE)
                .where(RECORD_PRESENCE.KIND.eq(kind.slug()))
                .and(RECORD_PRESENCE.RECORD_ID.eq(id))
                .orderBy(RECORD_PRESENCE.SEEN_AT)
                .fetch(org.jooq.Records.mapping(Editor::new));
    }

    /** A form that has not said it is open for this long is taken as closed (a quiet or gone page). */
    static void expireQuiet(DSLContext tx) {
        tx.deleteFrom(RECORD_PRESENCE).where(RECORD_PRESENCE.SEEN_AT.lt(DSL.field("now() - interval '30 seconds'", java.time.OffsetDateTime.class))).execute();
    }
}
