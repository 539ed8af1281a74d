package switchboard.polls;

import static switchboard.db.jooq.Tables.POLLS;
import static switchboard.db.jooq.Tables.POLL_OPTIONS;
import static switchboard.db.jooq.Tables.STATS_COUNTERS;
import static switchboard.db.jooq.Tables.VOTES;
import static switchboard.db.jooq.Tables.VOTE_HOLDS;
import static switchboard.db.jooq.Tables.VOTE_MINUTES;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Queries on polls, options, holds and votes. Totals are kept by the votes table's trigger. */
final class PollStore {
    /** How long an option must be held before the press counts as a vote. */
    static final Duration HOLD = Duration.ofSeconds(3);
    /** A hold not completed within this is stale: press again. */
    static final Duration HOLD_EXPIRES = Duration.ofSeconds(60);

    private final DSLContext sql;

    PollStore(DSLContext sql) {
        this.sql = sql;
    }

    Optional<Poll> find(long id) {
        return list(POLLS.ID.eq(id)).stream().findFirst();
    }

    /**
     * The poll page's rule as a column of the statement that reads a stream's session: the ids
     * among {@code ids} of polls {@code account} may watch (its role may view polls; a draft only
     * for an admin), or null for none. Decides exactly as {@code Polls.mayWatch} does.
     */
    static org.jooq.Field<String[]> watchableColumn(org.jooq.Field<Long> account, org.jooq.Field<String[]> ids) {
        var viewer = switchboard.db.jooq.Tables.USERS.as("poll_viewer");
        return DSL.field(DSL.select(DSL.arrayAgg(POLLS.ID.cast(String.class)))
                .from(POLLS)
                .join(viewer).on(viewer.ID.eq(account))
                .where(POLLS.ID.eq(DSL.any(ids.cast(Long[].class))))
                // Constants inlined: the statement is rendered once and binds only its own parameters.
                .and(viewer.ROLE.in(switchboard.auth.Role.VIEWER_NAMES.stream().map(DSL::inline).toList()))
                .and(POLLS.STATUS.ne(DSL.inline("draft")).or(viewer.ROLE.eq(DSL.inline(switchboard.auth.Role.ADMIN.name())))));
    }

    /** A poll's status (draft, active, closed) alone: one short query where a stream only asks whether it may watch. */
    Optional<String> status(long id) {
        return sql.select(POLLS.STATUS).from(POLLS).where(POLLS.ID.eq(id)).fetchOptional(POLLS.STATUS);
    }

    /** Polls by filter (active, closed, all; drafts only with {@code all}), active first, newest first. */
    List<Poll> list(String filter) {
        Condition where = switch (filter) {
            case "active" -> POLLS.STATUS.eq("active");
            case "closed" -> POLLS.STATUS.eq("closed");
            case "public" -> POLLS.STATUS.ne("draft");
            default -> DSL.trueCondition();
        };
        return list(where);
    }

    private List<Poll> list(Condition where) {
        var polls = sql.selectFrom(POLLS).where(where)
                .orderBy(POLLS.STATUS.eq("active").desc(), POLLS.CREATED_AT.desc(), POLLS.ID.desc())
                .limit(200).fetch();
        Map<Long, List<Poll.Option>> options = sql.selectFrom(POLL_OPTIONS)
                .where(POLL_OPTIONS.POLL_ID.in(polls.map(p -> p.getId())))
                .orderBy(POLL_OPTIONS.POSITION)
                .fetch().stream()
                .collect(Collectors.groupingBy(o -> o.getPollId(), Collectors.mapping(
                        o -> new Poll.Option(o.getId(), o.getPosition(), o.getLabel(), o.getVotes()), Collectors.toList())));
        return polls.map(p -> new Poll(p.getId(), p.getQuestion(), p.getStatus(), p.getClosesAt(), p.getTotalVotes(),
                options.getOrDefault(p.getId(), List.of())));
    }

    long create(String question, List<String> options, OffsetDateTime closesAt, long createdBy) {
        return sql.transactionResult(tx -> {
            long id = tx.dsl().insertInto(POLLS, POLLS.QUESTION, POLLS.CLOSES_AT, POLLS.CREATED_BY)
                    .values(question, closesAt, createdBy).returning(POLLS.ID).fetchOne(POLLS.ID);
            insertOptions(tx.dsl(), id, options);
            return id;
        });
    }

    /** Rewrites a poll that has no votes yet; false when it has votes. */
    boolean edit(long id, String question, List<String> options, OffsetDateTime closesAt) {
        return sql.transactionResult(tx -> {
            var poll = tx.dsl().selectFrom(POLLS).where(POLLS.ID.eq(id)).forUpdate().fetchOne();
            if (poll == null || poll.getTotalVotes() > 0) {
                return false;
            }
            tx.dsl().update(POLLS).set(POLLS.QUESTION, question).set(POLLS.CLOSES_AT, closesAt).where(POLLS.ID.eq(id)).execute();
            tx.dsl().deleteFrom(POLL_OPTIONS).where(POLL_OPTIONS.POLL_ID.eq(id)).execute();
            insertOptions(tx.dsl(), id, options);
            tx.dsl().execute("select sb_publish({0}, 'poll.edited', {1}), sb_publish({2}, 'poll.edited', {1})", Polls.poll(id).toString(), id, Polls.list().toString());
            return true;
        });
    }

    private static void insertOptions(DSLContext tx, long pollId, List<String> options) {
        var insert = tx.insertInto(POLL_OPTIONS, POLL_OPTIONS.POLL_ID, POLL_OPTIONS.POSITION, POLL_OPTIONS.LABEL);
        for (int i = 0; i < options.size(); i++) {
            insert = insert.values(pollId, i + 1, options.get(i));
        }
        insert.execute();
    }

    /** Opens (activates or reopens) or closes a poll; false when there is no such poll. */
    boolean setStatus(long id, String status) {
        var update = sql.update(POLLS).set(POLLS.STATUS, status);
        if (status.equals("closed")) {
            update = update.set(POLLS.CLOSED_AT, OffsetDateTime.now());
        } else {
            // Reopening a poll whose closing time has passed would close it again at once.
            update = update.set(POLLS.CLOSED_AT, (OffsetDateTime) null)
                    .set(POLLS.CLOSES_AT, DSL.when(POLLS.CLOSES_AT.le(DSL.currentOffsetDateTime()), DSL.inline((OffsetDateTime) null)).otherwise(POLLS.CLOSES_AT));
        }
        return update.where(POLLS.ID.eq(id)).execute() == 1;
    }

    /** Closes every active poll whose closing time has passed; returns how many. */
    static int closeDue(DSLContext tx) {
        return tx.update(POLLS).set(POLLS.STATUS, "closed").set(POLLS.CLOSED_AT, DSL.currentOffsetDateTime())
                .where(POLLS.STATUS.eq("active")).and(POLLS.CLOSES_AT.le(DSL.currentOffsetDateTime()))
                .execute();
    }

    /** The option this member voted for in the poll, if any. */
    Optional<Long> voteOf(long pollId, long userId) {
        return sql.select(VOTES.OPTION_ID).from(VOTES).where(VOTES.POLL_ID.eq(pollId)).and(VOTES.USER_ID.eq(userId)).fetchOptional(VOTES.OPTION_ID);
    }

    /** Starts a hold on an option, ending this member's other holds on the poll; returns its id. */
    long startHold(long pollId, long userId, long optionId) {
        return sql.transactionResult(tx -> {
            tx.dsl().update(VOTE_HOLDS).set(VOTE_HOLDS.ENDED_AT, DSL.currentOffsetDateTime())
                    .where(VOTE_HOLDS.POLL_ID.eq(pollId)).and(VOTE_HOLDS.USER_ID.eq(userId)).and(VOTE_HOLDS.ENDED_AT.isNull())
                    .execute();
            return tx.dsl().insertInto(VOTE_HOLDS, VOTE_HOLDS.POLL_ID, VOTE_HOLDS.USER_ID, VOTE_HOLDS.OPTION_ID)
                    .values(pollId, userId, optionId).returning(VOTE_HOLDS.ID).fetchOne(VOTE_HOLDS.ID);
        });
    }

    /** Lets go of a hold before it counted; false when it was already over. */
    boolean endHold(long holdId, long userId) {
        return sql.update(VOTE_HOLDS).set(VOTE_HOLDS.ENDED_AT, DSL.currentOffsetDateTime())
                .where(VOTE_HOLDS.ID.eq(holdId)).and(VOTE_HOLDS.USER_ID.eq(userId)).and(VOTE_HOLDS.ENDED_AT.isNull())
                .execute() == 1;
    }

    enum Outcome { CAST, TOO_EARLY, NO_HOLD, EXPIRED, CLOSED, ALREADY_VOTED }

    /**
     * Turns a hold into a vote when the database's clock says it began at least {@link #HOLD}
     * ago and it was not let go. The one statement that checks the hold also ends it, whatever
     * it finds: a complete sent early ends the hold too (the member must press and hold again),
     * so a forged early complete cannot be repeated until one lands after 3 s, and two completes
     * of one hold cast at most one vote; the votes table's key allows one per member.
     */
    Outcome complete(long pollId, long holdId, long userId) {
        return sql.transactionResult(tx -> {
            var hold = tx.dsl().update(VOTE_HOLDS)
                    .set(VOTE_HOLDS.ENDED_AT, DSL.currentOffsetDateTime())
                    .where(VOTE_HOLDS.ID.eq(holdId))
                    .and(VOTE_HOLDS.USER_ID.eq(userId))
                    .and(VOTE_HOLDS.POLL_ID.eq(pollId))
                    .and(VOTE_HOLDS.ENDED_AT.isNull())
                    .returning(VOTE_HOLDS.STARTED_AT, VOTE_HOLDS.ENDED_AT, VOTE_HOLDS.OPTION_ID)
                    .fetchOne();
            if (hold == null) {
                // A hold already used for the vote is over too: say what the member needs to know.
                boolean voted = tx.dsl().fetchExists(VOTES, VOTES.POLL_ID.eq(pollId).and(VOTES.USER_ID.eq(userId)));
                return voted ? Outcome.ALREADY_VOTED : Outcome.NO_HOLD;
            }
            // The database's clock, as the hold's start was: ended_at is this transaction's now().
            var held = hold.getEndedAt();
            if (hold.getStartedAt().plus(HOLD).isAfter(held)) {
                return Outcome.TOO_EARLY;
            }
            if (hold.getStartedAt().plus(HOLD_EXPIRES).isBefore(held)) {
                return Outcome.EXPIRED;
            }
            // Shares the poll's row with other votes, but waits for a close in progress (and a close waits for it).
            var poll = tx.dsl().select(POLLS.STATUS, POLLS.CLOSES_AT)
                    .from(POLLS)
                    .where(POLLS.ID.eq(pollId))
                    .forShare()
                    .fetchOne();
            if (poll == null || !poll.get(POLLS.STATUS).equals("active")
                    || (poll.get(POLLS.CLOSES_AT) != null && !poll.get(POLLS.CLOSES_AT).isAfter(held))) {
                return Outcome.CLOSED;
            }
            int cast = tx.dsl().insertInto(VOTES, VOTES.POLL_ID, VOTES.USER_ID, VOTES.OPTION_ID)
                    .values(pollId, userId, hold.getOptionId()).onConflictDoNothing().execute();
            return cast == 1 ? Outcome.CAST : Outcome.ALREADY_VOTED;
        });
    }

    /** The site totals, from the counters the triggers keep: a handful of rows, never the votes. */
    PollStats stats() {
        Map<String, Long> counters = sql.selectFrom(STATS_COUNTERS).fetchMap(STATS_COUNTERS.NAME, STATS_COUNTERS.VALUE);
        Long lastHour = sql.select(DSL.coalesce(DSL.sum(VOTE_MINUTES.VOTES), DSL.inline(java.math.BigDecimal.ZERO))).from(VOTE_MINUTES)
                .where(VOTE_MINUTES.MINUTE.gt(OffsetDateTime.now().minusHours(1)))
                .fetchOne(0, Long.class);
        return new PollStats(counters.getOrDefault("polls", 0L), counters.getOrDefault("votes", 0L), counters.getOrDefault("members", 0L),
                lastHour == null ? 0 : lastHour);
    }

    /** Drops per-minute vote counts older than two hours. */
    static int pruneMinutes(DSLContext tx) {
        return tx.deleteFrom(VOTE_MINUTES).where(VOTE_MINUTES.MINUTE.lt(OffsetDateTime.now().minusHours(2))).execute();
    }
}
