package switchboard.records;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static switchboard.db.jooq.Tables.APPLICATIONS;
import static switchboard.db.jooq.Tables.BENEFICIARIES;
import static switchboard.db.jooq.Tables.MEETINGS;
import static switchboard.db.jooq.Tables.MEETING_ATTENDEES;
import static switchboard.db.jooq.Tables.USERS;
import static switchboard.records.RecordTables.column;
import static switchboard.records.RecordTables.conditions;
import static switchboard.records.RecordTables.deletedAt;
import static switchboard.records.RecordTables.id;
import static switchboard.records.RecordTables.table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Reads and writes every kind of record through its generated table, by the columns its
 * {@link Kind} names. Lists are keyset-paginated on (sort column, id) among live rows; every
 * write names its {@link Actor} for the audit triggers and is one transaction.
 */
final class RecordStore {
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter FORM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** What an update found: saved, refused because the record moved on, or gone. */
    enum Saved { SAVED, STALE, GONE }

    private final DSLContext sql;

    RecordStore(DSLContext sql) {
        this.sql = sql;
    }

    DSLContext sql() {
        return sql;
    }

    /** The columns a row is shown with: references as the name they point at. */
    static List<SelectFieldOrAsterisk> shown(Kind kind) {
        var fields = new ArrayList<SelectFieldOrAsterisk>(List.of(id(kind), column(kind, "version"), deletedAt(kind)));
        for (Field f : kind.fields()) {
            if (!f.stored()) {
                continue;
            }
            var col = column(kind, f.column());
            if (f.type() == Field.Type.ACCOUNT) {
                fields.add(select(USERS.DISPLAY_NAME).from(USERS).where(USERS.ID.eq(col.cast(Long.class))).asField(f.column()));
            } else if (f.type() == Field.Type.BENEFICIARY) {
                var b = BENEFICIARIES.as("b");
                fields.add(DSL.concat(DSL.inline("#"), col.cast(String.class), DSL.inline(" "),
                        select(b.NAME).from(b).where(b.ID.eq(col.cast(Long.class))).asField()).as(f.column()));
            } else {
                fields.add(col);
            }
        }
        return fields;
    }

    static Row row(Kind kind, Record r) {
        var values = new LinkedHashMap<String, String>();
        for (Field f : kind.fields()) {
            if (f.stored()) {
                values.put(f.column(), f.type() == Field.Type.MONEY ? Money.shown(r.get(f.column(), BigDecimal.class), r.get("currency", String.class)) : shown(r.get(f.column())));
            }
        }
        return new Row(kind, r.get("id", Long.class), r.get("version", Integer.class), values, r.get("deleted_at") != null);
    }

    static String shown(Object value) {
        return switch (value) {
            case null -> "";
            case OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC).format(SHOWN_TIME);
            case BigDecimal d -> d.toPlainString();
            default -> value.toString();
        };
    }

    /** The live rows of a list page: one more than asked, so the page knows there is a next. */
    List<Row> list(Kind kind, ListQuery query, int limit) {
        var sort = column(kind, query.sort());
        var order = new ArrayList<SortField<?>>();
        order.add(query.descending() ? sort.desc() : sort.asc());
        order.add(query.descending() ? id(kind).desc() : id(kind).asc());
        Condition where = conditions(kind, query);
        if (query.afterId() != null) {
            var at = DSL.row(sort, id(kind));
            var cursor = DSL.row(DSL.val(PageCursor.value(kind, query.sort(), query.afterValue()), sort), DSL.val(query.afterId()));
            where = where.and(query.descending() ? at.lt(cursor) : at.gt(cursor));
        }
        return sql.select(shown(kind))
                .from(table(kind))
                .where(where)
                .orderBy(order)
                .limit(limit)
                .fetch(r -> row(kind, r));
    }

    /** Which of {@code ids} a list under {@code query} shows (its search and filters, not deleted). */
    List<Long> matching(Kind kind, ListQuery query, List<Long> ids) {
        return sql.select(id(kind)).from(table(kind)).where(conditions(kind, query)).and(id(kind).in(ids)).orderBy(id(kind)).fetch(0, Long.class);
    }

    /** The value a row sorts by, as the cursor of the page after it carries it. */
    String sortValue(Kind kind, String sort, long rowId) {
        Object v = sql.select(column(kind, sort)).from(table(kind)).where(id(kind).eq(rowId)).fetchOne(0);
        return v instanceof OffsetDateTime t ? t.toString() : v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    /** Throws if {@code raw} is not a value of the sort column (a damaged page link). */
    void checkCursor(Kind kind, String sort, String raw) {
        PageCursor.value(kind, sort, raw);
    }

    Optional<Row> find(Kind kind, long id) {
        return sql.select(shown(kind)).from(table(kind)).where(id(kind).eq(id)).fetchOptional(r -> row(kind, r));
    }

    List<Row> byIds(Kind kind, Collection<Long> ids) {
        return sql.select(shown(kind)).from(table(kind)).where(id(kind).in(ids)).orderBy(id(kind)).fetch(r -> row(kind, r));
    }

    List<Row> trash(Kind kind) {
        return sql.select(shown(kind)).from(table(kind)).where(deletedAt(kind).isNotNull())
                .orderBy(deletedAt(kind).desc()).limit(200).fetch(r -> row(kind, r));
    }

    /** The record as its form shows it: accounts by username, times as the browser's input wants them. */
    Map<String, String> formValues(Kind kind, long id) {
        var values = new LinkedHashMap<String, String>();
        var r = sql.selectFrom(table(kind)).where(id(kind).eq(id)).fetchOne();
        for (Field f : kind.editable()) {
            if (f.type() == Field.Type.ACCOUNTS) {
                values.put(f.column(), String.join(", ", sql.select(USERS.USERNAME).from(MEETING_ATTENDEES).join(USERS).on(USERS.ID.eq(MEETING_ATTENDEES.USER_ID))
                        .where(MEETING_ATTENDEES.MEETING_ID.eq(id)).orderBy(USERS.USERNAME).fetch(USERS.USERNAME)));
                continue;
            }
            Object v = r.get(f.column());
            values.put(f.column(), switch (v) {
                case null -> "";
                case OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC).format(FORM_TIME);
                case Long account when f.type() == Field.Type.ACCOUNT -> sql.select(USERS.USERNAME).from(USERS).where(USERS.ID.eq(account)).fetchOne(USERS.USERNAME);
                default -> shown(v);
            });
        }
        return values;
    }

    int version(Kind kind, long id) {
        Integer v = sql.select(column(kind, "version")).from(table(kind)).where(id(kind).eq(id)).fetchOne(0, Integer.class);
        return v == null ? -1 : v;
    }

    long create(Kind kind, Map<String, Object> values, List<Long> attendees, Actor actor) {
        return sql.transactionResult(cfg -> {
            var tx = actingAs(DSL.using(cfg), actor);
            var set = new LinkedHashMap<org.jooq.Field<?>, Object>();
            values.forEach((c, v) -> set.put(column(kind, c), v));
            long id = tx.insertInto(table(kind)).set(set).returning(id(kind)).fetchOne(id(kind));
            if (kind == Kind.MEETINGS) {
                setAttendees(tx, id, attendees);
            }
            return id;
        });
    }

    /** Saves only if nobody saved since {@code version}: the version is the lost-update guard. */
    Saved update(Kind kind, long id, int version, Map<String, Object> values, List<Long> attendees, Actor actor) {
        return sql.transactionResult(cfg -> {
            var tx = actingAs(DSL.using(cfg), actor);
            var set = new LinkedHashMap<org.jooq.Field<?>, Object>();
            values.forEach((c, v) -> set.put(column(kind, c), v));
            int n = tx.update(table(kind)).set(set)
                    .where(id(kind).eq(id))
                    .and(column(kind, "version").eq(version))
                    .and(deletedAt(kind).isNull())
                    .execute();
            if (n == 0) {
                return tx.fetchExists(table(kind), id(kind).eq(id).and(deletedAt(kind).isNull())) ? Saved.STALE : Saved.GONE;
            }
            if (kind == Kind.MEETINGS) {
                setAttendees(tx, id, attendees);
            }
            return Saved.SAVED;
        });
    }

    private static void setAttendees(DSLContext tx, long meeting, List<Long> attendees) {
        tx.deleteFrom(MEETING_ATTENDEES).where(MEETING_ATTENDEES.MEETING_ID.eq(meeting)).and(MEETING_ATTENDEES.USER_ID.notIn(attendees)).execute();
        for (long user : attendees) {
            tx.insertInto(MEETING_ATTENDEES).set(MEETING_ATTENDEES.MEETING_ID, meeting).set(MEETING_ATTENDEES.USER_ID, user).onConflictDoNothing().execute();
        }
    }

    /**
     * Soft delete (true) or restore (false) of the record as a page showed it: the version is part
     * of the statement, so a save committed after the page was read (even after the route looked)
     * makes this change nothing and answer STALE, instead of trashing an edit nobody saw.
     */
    Acted setDeleted(Kind kind, long id, int shown, boolean deleted, Actor actor) {
        return sql.transactionResult(cfg -> {
            var tx = actingAs(DSL.using(cfg), actor);
            return tx.update(table(kind))
                    .set(deletedAt(kind), deleted ? DSL.currentOffsetDateTime() : null)
                    .where(id(kind).eq(id))
                    .and(column(kind, "version").eq(shown))
                    .and(deleted ? deletedAt(kind).isNull() : deletedAt(kind).isNotNull())
                    .returningResult(column(kind, "version"))
                    .fetchOptional(0, Integer.class)
                    .map(Acted::done)
                    .orElseGet(() -> whyNot(tx, kind, id, shown));
        });
    }

    /** Removes a record from the trash for good, if it is still at the version shown; its history stays. */
    Acted purge(Kind kind, long id, int shown, Actor actor) {
        return sql.transactionResult(cfg -> {
            var tx = actingAs(DSL.using(cfg), actor);
            int n = tx.deleteFrom(table(kind))
                    .where(id(kind).eq(id))
                    .and(column(kind, "version").eq(shown))
                    .and(deletedAt(kind).isNotNull())
                    .execute();
            return n == 1 ? Acted.done(shown) : whyNot(tx, kind, id, shown);
        });
    }

    /** Why a statement at version {@code shown} changed nothing: no such record, a newer version, or its state. */
    static Acted whyNot(DSLContext tx, Kind kind, long id, int shown) {
        Integer now = tx.select(column(kind, "version")).from(table(kind)).where(id(kind).eq(id)).fetchOne(0, Integer.class);
        return new Acted(now == null ? Acted.Outcome.GONE : now != shown ? Acted.Outcome.STALE : Acted.Outcome.REFUSED, now == null ? -1 : now);
    }

    /** Runs {@code work} in one transaction as {@code actor}. */
    <T> T asActor(Actor actor, java.util.function.Function<DSLContext, T> work) {
        return sql.transactionResult(cfg -> work.apply(actingAs(DSL.using(cfg), actor)));
    }

    static DSLContext actingAs(DSLContext tx, Actor actor) {
        tx.select(DSL.function("set_config", String.class, DSL.val("switchboard.account"), DSL.val(actor.name()), DSL.inline(true)),
                DSL.function("set_config", String.class, DSL.val("switchboard.account_id"), DSL.val(String.valueOf(actor.id())), DSL.inline(true))).fetch();
        return tx;
    }

    /**
     * An enabled account that works with records (ADMIN or STAFF): only they can be assignees,
     * handlers, organizers or attendees, since only they can open what they would be notified of.
     */
    Optional<Long> accountId(String username) {
        return sql.select(USERS.ID).from(USERS)
                .where(USERS.USERNAME.eq(username))
                .and(USERS.DISABLED_AT.isNull())
                .and(USERS.ROLE.in("ADMIN", "STAFF"))
                .fetchOptional(USERS.ID);
    }

    boolean beneficiaryExists(long id) {
        return sql.fetchExists(BENEFICIARIES, BENEFICIARIES.ID.eq(id).and(BENEFICIARIES.DELETED_AT.isNull()));
    }

    /** The beneficiary holding a national id, and whether they are in the trash. */
    record IdHolder(long id, boolean trashed) {
    }

    Optional<IdHolder> nationalIdHolder(String nationalId) {
        return sql.select(BENEFICIARIES.ID, BENEFICIARIES.DELETED_AT).from(BENEFICIARIES).where(BENEFICIARIES.NATIONAL_ID.eq(nationalId))
                .fetchOptional(r -> new IdHolder(r.get(BENEFICIARIES.ID), r.get(BENEFICIARIES.DELETED_AT) != null));
    }

    /** The beneficiary an application names (deleted or not); empty for other kinds. */
    Optional<Long> beneficiaryOf(Kind kind, long id) {
        return kind != Kind.APPLICATIONS ? Optional.empty()
                : sql.select(APPLICATIONS.BENEFICIARY_ID).from(APPLICATIONS).where(APPLICATIONS.ID.eq(id)).fetchOptional(APPLICATIONS.BENEFICIARY_ID);
    }

    /** Meeting attendees' names, for the meeting's page. */
    List<String> attendees(long meeting) {
        return sql.select(USERS.DISPLAY_NAME).from(MEETING_ATTENDEES).join(USERS).on(USERS.ID.eq(MEETING_ATTENDEES.USER_ID))
                .where(MEETING_ATTENDEES.MEETING_ID.eq(meeting)).orderBy(USERS.DISPLAY_NAME).fetch(USERS.DISPLAY_NAME);
    }
}
