package switchboard.live;

import static switchboard.db.jooq.Tables.CHANGE_COUNTER;
import static switchboard.db.jooq.Tables.CHANGE_LOG;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Reads change_log: the ordered truth behind every live update. */
public final class ChangeFeed {
    /** Snapshots tried before a page with an append region is refused (each after sequencing what was pending). */
    private static final int READ_AT_HEAD_ATTEMPTS = 20;
    private static final int HEAD_FOR_ATTEMPTS = 5;

    private final DSLContext sql;

    public ChangeFeed(DSLContext sql) {
        this.sql = sql;
    }

    /** The last committed seq. A page rendered after reading it shows every change up to it. */
    public long head() {
        return head(sql);
    }

    /**
     * The head once none of {@code topics}' committed changes waits for its seq: a page that reads
     * its rows after this and shows new rows as they are pushed shows none that it already had
     * when it was rendered (only a change committed between this call and the rows' read can be
     * both, the window every page has; {@link #readAtHead} closes it where rows are read in one
     * snapshot).
     */
    public long headFor(Collection<Topic> topics) {
        // Under a storm of writes to these topics, fall back to the plain head after a few tries:
        // the worst case is a row announced as new that the page already shows, never a refused page.
        Positioned<Object> at = tryReadAtHead(topics, tx -> null, HEAD_FOR_ATTEMPTS);
        return at != null ? at.seq() : head();
    }

    /** A value read together with the head, in one snapshot. */
    public record Positioned<T>(long seq, T value) {
    }

    /**
     * Reads the head and a page's append-region data in one REPEATABLE READ snapshot, so the data
     * holds exactly the changes up to the head: none is shown twice (rendered, then pushed) nor
     * missed. A change is committed with its data but gets its seq a few milliseconds later from
     * the sequencer; a snapshot that holds committed, not yet sequenced changes to {@code topics}
     * would show them and then receive them again, so it is dropped: this node sequences what is
     * pending (serialised with the sequencer by the counter's row lock) and reads again. Snapshot
     * regions need no such care (a later render replaces them), so pages read only their append
     * regions here.
     */
    public <T> Positioned<T> readAtHead(Collection<Topic> topics, java.util.function.Function<DSLContext, T> read) {
        Positioned<T> at = tryReadAtHead(topics, read, READ_AT_HEAD_ATTEMPTS);
        if (at == null) {
            throw new io.javalin.http.ServiceUnavailableResponse("Changes to this page kept arriving faster than the server could order them;"
                    + " nothing was lost. Reload in a moment.");
        }
        return at;
    }

    /** {@link #readAtHead} with at most {@code attempts} snapshots; null when every one held pending changes to {@code topics}. */
    private <T> Positioned<T> tryReadAtHead(Collection<Topic> topics, java.util.function.Function<DSLContext, T> read, int attempts) {
        String[] names = topics.stream().map(Topic::toString).toArray(String[]::new);
        for (int attempt = 1; ; attempt++) {
            Positioned<T> read0 = sql.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                tx.execute("set transaction isolation level repeatable read, read only");
                long head = head(tx);
                if (tx.fetchExists(DSL.selectOne().from("change_pending").where("topic = any({0})", DSL.val(names)))) {
                    return null;
                }
                return new Positioned<>(head, read.apply(tx));
            });
            if (read0 != null) {
                return read0;
            }
            if (attempt == attempts) {
                return null;
            }
            sql.select(DSL.field("sb_sequence({0})", Long.class, Sequencer.BATCH_TRANSACTIONS)).fetch();
        }
    }

    static long head(DSLContext sql) {
        return sql.select(CHANGE_COUNTER.LAST_SEQ)
                .from(CHANGE_COUNTER)
                .fetchOne(CHANGE_COUNTER.LAST_SEQ);
    }

    static List<Change> after(DSLContext sql, long cursor, int limit) {
        return sql.selectFrom(CHANGE_LOG)
                .where(CHANGE_LOG.SEQ.gt(cursor))
                .orderBy(CHANGE_LOG.SEQ)
                .limit(limit)
                .fetch(ChangeFeed::toChange);
    }

    /** Changes to any of {@code topics} with {@code after < seq <= upTo}, oldest first. */
    List<Change> between(long after, long upTo, Collection<Topic> topics, int limit) {
        return sql.selectFrom(CHANGE_LOG)
                .where(CHANGE_LOG.SEQ.gt(after))
                .and(CHANGE_LOG.SEQ.le(upTo))
                .and(CHANGE_LOG.TOPIC.in(topics.stream().map(Topic::toString).toList()))
                .orderBy(CHANGE_LOG.SEQ)
                .limit(limit)
                .fetch(ChangeFeed::toChange);
    }

    /** The lowest seq a client may resume from: every change after it is still in the log. */
    long oldestReplayable() {
        Long min = sql.select(DSL.min(CHANGE_LOG.SEQ)).from(CHANGE_LOG).fetchOne(0, Long.class);
        return min != null ? min - 1 : head();
    }

    /**
     * Deletes up to {@code batch} changes older than {@code retention}, only ever from the start
     * of the log: the changes before the first one that is not that old. A change's {@code at}
     * is when its writer published it, and a transaction that stayed open longer is sequenced
     * later with an older {@code at}; deleting by age alone took such a change out of the middle
     * of the log, and a page resuming from before it replayed past the hole without a reload (an
     * outside review: a chat message never reached the page). Returns how many were deleted.
     */
    public static int deleteOlderThan(DSLContext sql, Duration retention, int batch) {
        var firstYoung = DSL.field(DSL.select(DSL.min(CHANGE_LOG.SEQ)).from(CHANGE_LOG).where(CHANGE_LOG.AT.ge(OffsetDateTime.now().minus(retention))));
        var pastEnd = DSL.field(DSL.select(DSL.max(CHANGE_LOG.SEQ).plus(1)).from(CHANGE_LOG));
        // Seqs have no gaps, so the first batch of them is a range: one scan of the primary key.
        var batchEnd = DSL.field(DSL.select(DSL.min(CHANGE_LOG.SEQ).plus(batch)).from(CHANGE_LOG));
        return sql.deleteFrom(CHANGE_LOG)
                .where(CHANGE_LOG.SEQ.lt(DSL.least(DSL.coalesce(firstYoung, pastEnd), batchEnd)))
                .execute();
    }

    private static Change toChange(Record r) {
        return new Change(r.get(CHANGE_LOG.SEQ), r.get(CHANGE_LOG.TOPIC), r.get(CHANGE_LOG.KIND),
                r.get(CHANGE_LOG.ENTITY_ID), r.get(CHANGE_LOG.AT).toInstant());
    }
}
