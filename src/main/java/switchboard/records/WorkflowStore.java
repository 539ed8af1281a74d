package switchboard.records;

import static switchboard.db.jooq.Tables.ACTION_ITEMS;
import static switchboard.db.jooq.Tables.APPLICATIONS;
import static switchboard.db.jooq.Tables.DONATIONS;
import static switchboard.db.jooq.Tables.FINANCE;
import static switchboard.db.jooq.Tables.MEETINGS;
import static switchboard.db.jooq.Tables.MEETING_DECISIONS;
import static switchboard.db.jooq.Tables.TASKS;
import static switchboard.db.jooq.Tables.USERS;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The moves that are not form edits: an application's status, a ledger reversal, a meeting's
 * decisions and action items, a donations import. The database enforces each rule too
 * (V11__records.sql): the workflow's transitions, the ledger's immutability.
 */
final class WorkflowStore {
    private final RecordStore records;

    WorkflowStore(RecordStore records) {
        this.records = records;
    }

    /**
     * Moves the application on if it is still at the version the page showed: the row is held
     * for the transaction, so a save cannot slip in between the check and the step.
     */
    Acted moveApplication(long id, int shown, String status, Actor actor) {
        return records.asActor(actor, tx -> {
            var now = tx.select(APPLICATIONS.STATUS, APPLICATIONS.VERSION, APPLICATIONS.DELETED_AT).from(APPLICATIONS).where(APPLICATIONS.ID.eq(id))
                    .forUpdate().fetchOne();
            if (now == null) {
                return new Acted(Acted.Outcome.GONE, -1);
            }
            int version = now.get(APPLICATIONS.VERSION);
            if (version != shown) {
                return new Acted(Acted.Outcome.STALE, version);
            }
            if (now.get(APPLICATIONS.DELETED_AT) != null || !allowed(now.get(APPLICATIONS.STATUS), status)) {
                return new Acted(Acted.Outcome.REFUSED, version);
            }
            return Acted.done(tx.update(APPLICATIONS).set(APPLICATIONS.STATUS, status).where(APPLICATIONS.ID.eq(id))
                    .returning(APPLICATIONS.VERSION).fetchOne(APPLICATIONS.VERSION));
        });
    }

    static boolean allowed(String from, String to) {
        return switch (from) {
            case "submitted" -> to.equals("in_review") || to.equals("rejected");
            case "in_review" -> to.equals("approved") || to.equals("rejected");
            case "approved" -> to.equals("paid");
            default -> false;
        };
    }

    static List<String> nextSteps(String from) {
        return List.of("in_review", "approved", "rejected", "paid").stream().filter(to -> allowed(from, to)).toList();
    }

    /** Whether {@link #reverse} would post: the entry is no reversal, nothing reverses it yet, and no live record books it. */
    boolean reversible(long id) {
        var row = records.sql().selectFrom(FINANCE).where(FINANCE.ID.eq(id)).fetchOne();
        return row != null && whyNotReversed(records.sql(), row) == null;
    }

    /**
     * Posts the entry that cancels ledger row {@code id}; null when it did, else why not. An
     * entry a live donation or a paid application books is refused: reversing it left the
     * ledger short of the donations it must equal, and a later refund booked the money out a
     * second time (an outside review). Such an entry follows its record: delete or refund the
     * donation, or delete the application (V28), and the ledger follows.
     */
    String reverse(long id, Actor actor) {
        return records.asActor(actor, tx -> {
            var row = tx.selectFrom(FINANCE).where(FINANCE.ID.eq(id)).forUpdate().fetchOne();
            String refused = row == null ? REVERSED : whyNotReversed(tx, row);
            if (refused != null) {
                return refused;
            }
            tx.insertInto(FINANCE)
                    .set(FINANCE.ENTRY, row.getEntry())
                    .set(FINANCE.AMOUNT, row.getAmount().negate())
                    .set(FINANCE.CURRENCY, row.getCurrency())
                    .set(FINANCE.SOURCE, "reversal")
                    .set(FINANCE.SOURCE_ID, row.getSourceId())
                    .set(FINANCE.REVERSES_ID, id)
                    .set(FINANCE.DESCRIPTION, "Reversal of ledger entry #" + id)
                    .execute();
            return null;
        });
    }

    private static final String REVERSED = "This entry is a reversal or has been reversed already; the ledger lists what reversed it.";

    /** Why ledger row {@code row} may not be reversed (the page's offer and the reversal ask the same), or null. */
    private static String whyNotReversed(DSLContext tx, switchboard.db.jooq.tables.records.FinanceRecord row) {
        if (row.getReversesId() != null || tx.fetchExists(FINANCE, FINANCE.REVERSES_ID.eq(row.getId()))) {
            return REVERSED;
        }
        String bookedBy = bookedBy(tx, row.getSource(), row.getSourceId());
        return bookedBy == null ? null : "This entry books " + bookedBy + ", which still stands: the ledger follows it. Refund or delete the donation "
                + "(or delete the application) instead, and the ledger is corrected with it.";
    }

    /** The live record a ledger entry books ("donation #43"), or null when there is none. */
    private static String bookedBy(DSLContext tx, String source, Long sourceId) {
        if (sourceId == null) {
            return null;
        }
        if ("donation".equals(source) || "refund".equals(source)) {
            return tx.fetchExists(DONATIONS, DONATIONS.ID.eq(sourceId).and(DONATIONS.DELETED_AT.isNull())) ? "donation #" + sourceId : null;
        }
        if ("application".equals(source)) {
            return tx.fetchExists(APPLICATIONS, APPLICATIONS.ID.eq(sourceId).and(APPLICATIONS.DELETED_AT.isNull())) ? "application #" + sourceId : null;
        }
        return null;
    }

    List<Decision> decisions(long meeting) {
        var items = records.sql().select(ACTION_ITEMS.ID, ACTION_ITEMS.DECISION_ID, ACTION_ITEMS.TITLE, USERS.DISPLAY_NAME, USERS.USERNAME, ACTION_ITEMS.DUE_DATE, ACTION_ITEMS.TASK_ID)
                .from(ACTION_ITEMS).join(MEETING_DECISIONS).on(MEETING_DECISIONS.ID.eq(ACTION_ITEMS.DECISION_ID))
                .leftJoin(USERS).on(USERS.ID.eq(ACTION_ITEMS.ASSIGNEE_ID))
                .where(MEETING_DECISIONS.MEETING_ID.eq(meeting))
                .orderBy(ACTION_ITEMS.ID)
                .fetchGroups(ACTION_ITEMS.DECISION_ID, r -> new Decision.Item(r.get(ACTION_ITEMS.ID), r.get(ACTION_ITEMS.TITLE), r.get(USERS.DISPLAY_NAME),
                        r.get(USERS.USERNAME), RecordStore.shown(r.get(ACTION_ITEMS.DUE_DATE)), r.get(ACTION_ITEMS.TASK_ID)));
        return records.sql().selectFrom(MEETING_DECISIONS).where(MEETING_DECISIONS.MEETING_ID.eq(meeting)).orderBy(MEETING_DECISIONS.ID)
                .fetch(r -> new Decision(r.getId(), r.getText(), items.getOrDefault(r.getId(), List.of())));
    }

    /** Records a decision if the meeting is still at {@code version} (its sub-items move it on too). */
    RecordStore.Saved decide(long meeting, int version, String text, Actor actor) {
        return atVersion(meeting, version, actor, tx -> {
            tx.insertInto(MEETING_DECISIONS).set(MEETING_DECISIONS.MEETING_ID, meeting).set(MEETING_DECISIONS.TEXT, text).execute();
            return RecordStore.Saved.SAVED;
        });
    }

    /** An action item under a decision of {@code meeting} at {@code version}; its trigger makes the assignee's task. */
    RecordStore.Saved addItem(long meeting, int version, long decision, String title, Long assignee, LocalDate due, Actor actor) {
        return atVersion(meeting, version, actor, tx -> {
            if (!tx.fetchExists(MEETING_DECISIONS, decisionOf(meeting, decision))) {
                return RecordStore.Saved.GONE;
            }
            tx.insertInto(ACTION_ITEMS).set(ACTION_ITEMS.DECISION_ID, decision).set(ACTION_ITEMS.TITLE, title)
                    .set(ACTION_ITEMS.ASSIGNEE_ID, assignee).set(ACTION_ITEMS.DUE_DATE, due).execute();
            return RecordStore.Saved.SAVED;
        });
    }

    /** A decision's new text, if the meeting is still at {@code version}; GONE when the decision is not the meeting's. */
    RecordStore.Saved editDecision(long meeting, int version, long decision, String text, Actor actor) {
        return atVersion(meeting, version, actor, tx -> savedIf(tx.update(MEETING_DECISIONS)
                .set(MEETING_DECISIONS.TEXT, text)
                .where(decisionOf(meeting, decision))
                .execute()));
    }

    /**
     * Removes a decision and (by cascade) its action items. Their tasks are cancelled, not left
     * open for work nobody asked for any more: a done task stays done, and a cancelled task keeps
     * its own history. The triggers record the decision and each item in the meeting's history.
     */
    RecordStore.Saved removeDecision(long meeting, int version, long decision, Actor actor) {
        return atVersion(meeting, version, actor, tx -> {
            cancelTasks(tx, ACTION_ITEMS.DECISION_ID.eq(decision));
            return savedIf(tx.deleteFrom(MEETING_DECISIONS).where(decisionOf(meeting, decision)).execute());
        });
    }

    /** An action item's new fields (its task follows by trigger); GONE when the item or decision is not the meeting's. */
    RecordStore.Saved editItem(long meeting, int version, long item, long decision, String title, Long assignee, LocalDate due, Actor actor) {
        return atVersion(meeting, version, actor, tx -> {
            if (!tx.fetchExists(MEETING_DECISIONS, decisionOf(meeting, decision))) {
                return RecordStore.Saved.GONE;
            }
            return savedIf(tx.update(ACTION_ITEMS)
                    .set(ACTION_ITEMS.DECISION_ID, decision)
                    .set(ACTION_ITEMS.TITLE, title)
                    .set(ACTION_ITEMS.ASSIGNEE_ID, assignee)
                    .set(ACTION_ITEMS.DUE_DATE, due)
                    .where(itemOf(meeting, item))
                    .execute());
        });
    }

    /** Removes an action item and cancels its task (a done task stays done). */
    RecordStore.Saved removeItem(long meeting, int version, long item, Actor actor) {
        return atVersion(meeting, version, actor, tx -> {
            cancelTasks(tx, itemOf(meeting, item));
            return savedIf(tx.deleteFrom(ACTION_ITEMS).where(itemOf(meeting, item)).execute());
        });
    }

    /**
     * Runs {@code work} as {@code actor} with the live meeting held for the transaction, only if it
     * is still at {@code version}; otherwise answers STALE or GONE and changes nothing.
     */
    private RecordStore.Saved atVersion(long meeting, int version, Actor actor, java.util.function.Function<DSLContext, RecordStore.Saved> work) {
        return records.asActor(actor, tx -> {
            var at = lockAt(tx, meeting, version);
            return at == RecordStore.Saved.SAVED ? work.apply(tx) : at;
        });
    }

    /** SAVED when the statement touched a row, GONE when the part was not the meeting's. */
    private static RecordStore.Saved savedIf(int rows) {
        return rows == 0 ? RecordStore.Saved.GONE : RecordStore.Saved.SAVED;
    }

    private static org.jooq.Condition decisionOf(long meeting, long decision) {
        return MEETING_DECISIONS.ID.eq(decision).and(MEETING_DECISIONS.MEETING_ID.eq(meeting));
    }

    private static org.jooq.Condition itemOf(long meeting, long item) {
        return ACTION_ITEMS.ID.eq(item).and(ACTION_ITEMS.DECISION_ID.in(meetingDecisions(meeting)));
    }

    private static org.jooq.Select<org.jooq.Record1<Long>> meetingDecisions(long meeting) {
        return DSL.select(MEETING_DECISIONS.ID).from(MEETING_DECISIONS).where(MEETING_DECISIONS.MEETING_ID.eq(meeting));
    }

    private static void cancelTasks(DSLContext tx, org.jooq.Condition items) {
        tx.update(TASKS)
                .set(TASKS.STATUS, "cancelled")
                .where(TASKS.ID.in(DSL.select(ACTION_ITEMS.TASK_ID).from(ACTION_ITEMS).where(items)))
                .and(TASKS.STATUS.notIn("done", "cancelled"))
                .execute();
    }

    /** Whether action item {@code item} is under one of {@code meeting}'s decisions. */
    boolean hasItem(long meeting, long item) {
        return records.sql().fetchExists(ACTION_ITEMS, itemOf(meeting, item));
    }

    /** Whether {@code decision} is one of {@code meeting}'s. */
    boolean hasDecision(long meeting, long decision) {
        return records.sql().fetchExists(MEETING_DECISIONS, decisionOf(meeting, decision));
    }

    /** Holds the live meeting for this transaction: SAVED when it is at {@code version}, else STALE or GONE. */
    private static RecordStore.Saved lockAt(DSLContext tx, long meeting, int version) {
        Integer now = tx.select(MEETINGS.VERSION).from(MEETINGS)
                .where(MEETINGS.ID.eq(meeting))
                .and(MEETINGS.DELETED_AT.isNull())
                .forUpdate()
                .fetchOne(MEETINGS.VERSION);
        return now == null ? RecordStore.Saved.GONE : now != version ? RecordStore.Saved.STALE : RecordStore.Saved.SAVED;
    }

    /** Received donations per currency, live rows only. */
    List<Total> donationTotals() {
        return totals(records.sql(), DONATIONS.CURRENCY, DSL.sum(DONATIONS.AMOUNT),
                DONATIONS.STATUS.eq("received").and(DONATIONS.DELETED_AT.isNull()), DONATIONS);
    }

    /** The ledger's balance per currency: income less expenses, reversals included. */
    List<Total> ledgerBalance() {
        var signed = DSL.sum(DSL.when(FINANCE.ENTRY.eq("income"), FINANCE.AMOUNT).otherwise(FINANCE.AMOUNT.neg()));
        return totals(records.sql(), FINANCE.CURRENCY, signed, DSL.noCondition(), FINANCE);
    }

    private static List<Total> totals(DSLContext sql, org.jooq.Field<String> currency, org.jooq.Field<BigDecimal> sum, org.jooq.Condition where, org.jooq.Table<?> table) {
        return sql.select(currency, sum.as("total")).from(table).where(where).groupBy(currency).orderBy(currency)
                .fetch(r -> new Total(r.get(currency), Money.grouped(r.get("total", BigDecimal.class), r.get(currency))));
    }
}
