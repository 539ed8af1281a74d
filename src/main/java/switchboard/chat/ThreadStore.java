package switchboard.chat;

import static switchboard.db.jooq.Tables.MESSAGES;
import static switchboard.db.jooq.Tables.THREADS;
import static switchboard.db.jooq.Tables.THREAD_MEMBERS;
import static switchboard.db.jooq.Tables.USERS;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** Threads and their members: creating, renaming, membership, pins, read markers, the list. */
final class ThreadStore {
    private final DSLContext sql;

    ThreadStore(DSLContext sql) {
        this.sql = sql;
    }

    long create(String title, long ownerId, Collection<Long> members) {
        return sql.transactionResult(tx -> {
            long id = tx.dsl().insertInto(THREADS, THREADS.TITLE, THREADS.OWNER_ID).values(title, ownerId).returning(THREADS.ID).fetchOne(THREADS.ID);
            var insert = tx.dsl().insertInto(THREAD_MEMBERS, THREAD_MEMBERS.THREAD_ID, THREAD_MEMBERS.USER_ID).values(id, ownerId);
            for (long member : members) {
                if (member != ownerId) {
                    insert = insert.values(id, member);
                }
            }
            insert.onConflictDoNothing().execute();
            return id;
        });
    }

    Optional<ThreadInfo> find(long id) {
        return sql.select(THREADS.ID, THREADS.TITLE, THREADS.OWNER_ID)
                .from(THREADS)
                .where(THREADS.ID.eq(id))
                .fetchOptional(Records.mapping(ThreadInfo::new));
    }

    boolean isMember(long threadId, long userId) {
        return sql.fetchExists(THREAD_MEMBERS, THREAD_MEMBERS.THREAD_ID.eq(threadId).and(THREAD_MEMBERS.USER_ID.eq(userId)));
    }

    /** Which of {@code threadIds} the user is a member of, in one query. */
    Set<Long> memberOf(long userId, Collection<Long> threadIds) {
        return new HashSet<>(sql.select(THREAD_MEMBERS.THREAD_ID)
                .from(THREAD_MEMBERS)
                .where(THREAD_MEMBERS.USER_ID.eq(userId))
                .and(THREAD_MEMBERS.THREAD_ID.in(threadIds))
                .fetch(THREAD_MEMBERS.THREAD_ID));
    }

    /**
     * {@link #memberOf} as a column of another statement: the ids (as text) of those threads
     * {@code account} is a member of, among {@code threadIds} (topic arguments, digits only). One
     * array parameter instead of an IN list, so the column's SQL does not change with the number
     * of threads; the cast keeps the comparison on the bigint key's index.
     */
    static org.jooq.Field<String[]> memberOfColumn(org.jooq.Field<Long> account, org.jooq.Field<String[]> threadIds) {
        return DSL.field(DSL.select(DSL.arrayAgg(THREAD_MEMBERS.THREAD_ID.cast(String.class)))
                .from(THREAD_MEMBERS)
                .where(THREAD_MEMBERS.USER_ID.eq(account))
                .and(THREAD_MEMBERS.THREAD_ID.eq(DSL.any(threadIds.cast(Long[].class)))));
    }

    List<ThreadMember> members(long threadId) {
        return sql.select(USERS.ID, USERS.USERNAME, USERS.DISPLAY_NAME)
                .from(THREAD_MEMBERS)
                .join(USERS).on(USERS.ID.eq(THREAD_MEMBERS.USER_ID))
                .where(THREAD_MEMBERS.THREAD_ID.eq(threadId))
                .orderBy(USERS.DISPLAY_NAME)
                .fetch(Records.mapping(ThreadMember::new));
    }

    /** Active people (members and admins) by username; unknown names are returned in {@code missing}. */
    List<Long> people(Collection<String> usernames, List<String> missing) {
        var found = sql.select(USERS.USERNAME, USERS.ID).from(USERS)
                .where(USERS.USERNAME.in(usernames)).and(USERS.DISABLED_AT.isNull()).and(USERS.ROLE.in("MEMBER", "ADMIN"))
                .fetchMap(USERS.USERNAME, USERS.ID);
        usernames.stream().filter(u -> !found.containsKey(u)).forEach(missing::add);
        return List.copyOf(found.values());
    }

    /**
     * Up to {@code limit} active people (members and admins) other than {@code me} whose username
     * or name starts with {@code prefix}, leaving out the members of {@code threadId} (0: none),
     * as options whose value is the username.
     */
    List<PersonOption> suggest(String prefix, long me, long threadId, int limit) {
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return sql.select(USERS.USERNAME, USERS.DISPLAY_NAME)
                .from(USERS)
                .where(USERS.DISABLED_AT.isNull())
                .and(USERS.ROLE.in("MEMBER", "ADMIN"))
                .and(USERS.ID.ne(me))
                .and(USERS.USERNAME.likeIgnoreCase(like).or(USERS.DISPLAY_NAME.likeIgnoreCase(like)))
                .and(USERS.ID.notIn(DSL.select(THREAD_MEMBERS.USER_ID).from(THREAD_MEMBERS).where(THREAD_MEMBERS.THREAD_ID.eq(threadId))))
                .orderBy(USERS.USERNAME)
                .limit(limit)
                .fetch(Records.mapping(PersonOption::new));
    }

    void rename(long id, String title) {
        sql.update(THREADS).set(THREADS.TITLE, title).where(THREADS.ID.eq(id)).execute();
    }

    void addMember(long threadId, long userId) {
        sql.insertInto(THREAD_MEMBERS, THREAD_MEMBERS.THREAD_ID, THREAD_MEMBERS.USER_ID).values(threadId, userId).onConflictDoNothing().execute();
    }

    void removeMember(long threadId, long userId) {
        sql.deleteFrom(THREAD_MEMBERS).where(THREAD_MEMBERS.THREAD_ID.eq(threadId)).and(THREAD_MEMBERS.USER_ID.eq(userId)).execute();
    }

    /** Deletes the thread with its messages, attachments, drafts and members: one statement, cascading. */
    boolean delete(long id) {
        return sql.deleteFrom(THREADS).where(THREADS.ID.eq(id)).execute() == 1;
    }

    void setPinned(long threadId, long userId, boolean pinned) {
        sql.update(THREAD_MEMBERS).set(THREAD_MEMBERS.PINNED, pinned)
                .where(THREAD_MEMBERS.THREAD_ID.eq(threadId)).and(THREAD_MEMBERS.USER_ID.eq(userId)).execute();
    }

    void markRead(long threadId, long userId) {
        var latest = DSL.select(DSL.coalesce(DSL.max(MESSAGES.ID), 0L)).from(MESSAGES).where(MESSAGES.THREAD_ID.eq(threadId));
        sql.update(THREAD_MEMBERS).set(THREAD_MEMBERS.LAST_READ_ID, latest)
                .where(THREAD_MEMBERS.THREAD_ID.eq(threadId)).and(THREAD_MEMBERS.USER_ID.eq(userId)).execute();
    }

    /** The member's threads: pinned first, then by latest activity; with preview and unread count. */
    List<ChatThread> listFor(long userId) {
        var last = lastMessage();
        var unread = MESSAGES.as("unread");
        var unreadCount = DSL.field(DSL.selectCount().from(unread).where(unread.THREAD_ID.eq(THREADS.ID))
                .and(unread.ID.gt(THREAD_MEMBERS.LAST_READ_ID)).and(unread.AUTHOR_ID.ne(userId)).and(unread.DELETED_AT.isNull()));
        return sql.select(THREADS.ID, THREADS.TITLE, THREADS.OWNER_ID, THREADS.LAST_ACTIVITY_AT, last.field(PREVIEW), last.field(PREVIEW_AUTHOR),
                        THREAD_MEMBERS.PINNED, unreadCount)
                .from(THREADS).join(THREAD_MEMBERS).on(THREAD_MEMBERS.THREAD_ID.eq(THREADS.ID)).and(THREAD_MEMBERS.USER_ID.eq(userId))
                .leftJoin(last).on(DSL.trueCondition())
                .orderBy(THREAD_MEMBERS.PINNED.desc(), THREADS.LAST_ACTIVITY_AT.desc(), THREADS.ID.desc())
                .limit(200)
                .fetch(Records.mapping(ChatThread::new));
    }

    /** Full-text search (PostgreSQL, GIN-indexed) over the member's thread titles and message texts. */
    List<SearchHit> search(long userId, String query) {
        return sql.fetch("""
                select t.id, t.title, null::bigint, null::text, 0 as rank_order, t.last_activity_at as at
                  from threads t join thread_members tm on tm.thread_id = t.id and tm.user_id = {0}
                 where to_tsvector('simple', t.title) @@ websearch_to_tsquery('simple', {1})
                union all
                (select t.id, t.title, m.id, substring(m.body, 1, 200), 1, m.created_at
                  from messages m join threads t on t.id = m.thread_id
                  join thread_members tm on tm.thread_id = m.thread_id and tm.user_id = {0}
                 where m.search @@ websearch_to_tsquery('simple', {1}) and m.deleted_at is null
                 order by m.id desc limit 50)
                order by 5, 6 desc
                """, userId, query)
                .map(r -> new SearchHit(r.get(0, Long.class), r.get(1, String.class), r.get(2, Long.class), r.get(3, String.class)));
    }

    /** One thread's summary for the live list; the same for every member (no pin, no unread). */
    Optional<ChatThread> summary(long threadId) {
        var last = lastMessage();
        return sql.select(THREADS.ID, THREADS.TITLE, THREADS.OWNER_ID, THREADS.LAST_ACTIVITY_AT, last.field(PREVIEW), last.field(PREVIEW_AUTHOR))
                .from(THREADS).leftJoin(last).on(DSL.trueCondition())
                .where(THREADS.ID.eq(threadId))
                .fetchOptional(Records.mapping((id, title, owner, activity, preview, author) ->
                        new ChatThread(id, title, owner, activity, preview, author, false, 0)));
    }

    private static final org.jooq.Field<String> PREVIEW = DSL.field(DSL.name("preview"), String.class);
    private static final org.jooq.Field<String> PREVIEW_AUTHOR = DSL.field(DSL.name("preview_author"), String.class);

    /** Each thread's newest message that is not deleted, its start and author: one lateral lookup on (thread_id, id). */
    private static org.jooq.Table<?> lastMessage() {
        var m = MESSAGES.as("last");
        var author = USERS.as("author");
        return DSL.lateral(DSL.select(DSL.substring(m.BODY, 1, 90).as(PREVIEW.getName()), author.DISPLAY_NAME.as(PREVIEW_AUTHOR.getName()))
                .from(m).join(author).on(author.ID.eq(m.AUTHOR_ID))
                .where(m.THREAD_ID.eq(THREADS.ID)).and(m.DELETED_AT.isNull())
                .orderBy(m.ID.desc()).limit(1)).as("last_message");
    }
}
