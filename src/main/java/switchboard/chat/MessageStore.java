package switchboard.chat;

import static switchboard.db.jooq.Tables.ATTACHMENTS;
import static switchboard.db.jooq.Tables.DRAFTS;
import static switchboard.db.jooq.Tables.MESSAGES;
import static switchboard.db.jooq.Tables.THREAD_MEMBERS;
import static switchboard.db.jooq.Tables.THREADS;
import static switchboard.db.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** Messages (post, edit, delete, pages), drafts, attachments and who is typing. */
final class MessageStore {
    static final int PAGE = 50;
    /** A search hit older than the newest page shows every message from it on, up to this many. */
    static final int AROUND = 500;

    private final DSLContext sql;

    MessageStore(DSLContext sql) {
        this.sql = sql;
    }

    record Upload(String filename, String contentType, byte[] data) {
    }

    /**
     * Posts a message (and its file) and clears the author's draft and typing mark, in one
     * transaction; empty when the thread is gone or the author is no longer a member.
     */
    Optional<Long> post(long threadId, long authorId, String body, Upload upload) {
        return post(threadId, authorId, null, body, upload);
    }

    /**
     * Posts a message under the id the sender's page gave it ({@code clientId}, null for a plain
     * form): a retry with the same client id answers with the message the first try made, and
     * nothing is stored twice; empty when that client id names a message of another thread.
     */
    Optional<Long> post(long threadId, long authorId, UUID clientId, String body, Upload upload) {
        return sql.transactionResult(tx -> {
            // Locks in one order, the thread's row first: the insert's trigger updates it anyway, and a
            // thread's deletion locks it before cascading to the members, so a post and a deletion
            // (or two posts by one author) queue on it instead of each holding what the other needs.
            if (tx.dsl().selectOne().from(THREADS).where(THREADS.ID.eq(threadId)).forNoKeyUpdate().fetchOptional().isEmpty()) {
                return Optional.<Long>empty();
            }
            boolean member = tx.dsl().selectOne().from(THREAD_MEMBERS)
                    .where(THREAD_MEMBERS.THREAD_ID.eq(threadId)).and(THREAD_MEMBERS.USER_ID.eq(authorId))
                    .forNoKeyUpdate().fetchOptional().isPresent();
            if (!member) {
                return Optional.<Long>empty();
            }
            var inserted = tx.dsl().insertInto(MESSAGES, MESSAGES.THREAD_ID, MESSAGES.AUTHOR_ID, MESSAGES.CLIENT_ID, MESSAGES.BODY)
                    .values(threadId, authorId, clientId, body)
                    .onConflict(MESSAGES.AUTHOR_ID, MESSAGES.CLIENT_ID).doNothing()
                    .returning(MESSAGES.ID)
                    .fetchOptional(MESSAGES.ID);
            if (inserted.isEmpty()) {
                return tx.dsl().select(MESSAGES.ID)
                        .from(MESSAGES)
                        .where(MESSAGES.AUTHOR_ID.eq(authorId))
                        .and(MESSAGES.CLIENT_ID.eq(clientId))
                        .and(MESSAGES.THREAD_ID.eq(threadId))
                        .fetchOptional(MESSAGES.ID);
            }
            long id = inserted.get();
            if (upload != null) {
                tx.dsl().insertInto(ATTACHMENTS, ATTACHMENTS.THREAD_ID, ATTACHMENTS.MESSAGE_ID, ATTACHMENTS.FILENAME,
                                ATTACHMENTS.CONTENT_TYPE, ATTACHMENTS.SIZE, ATTACHMENTS.DATA)
                        .values(threadId, id, upload.filename(), upload.contentType(), upload.data().length, upload.data()).execute();
            }
            tx.dsl().deleteFrom(DRAFTS).where(DRAFTS.THREAD_ID.eq(threadId)).and(DRAFTS.USER_ID.eq(authorId)).execute();
            tx.dsl().execute("delete from typing where thread_id = {0} and user_id = {1}", threadId, authorId);
            tx.dsl().update(THREAD_MEMBERS).set(THREAD_MEMBERS.LAST_READ_ID, id)
                    .where(THREAD_MEMBERS.THREAD_ID.eq(threadId)).and(THREAD_MEMBERS.USER_ID.eq(authorId)).execute();
            return Optional.of(id);
        });
    }

    /** Changes the author's own message; false when it is not theirs or is deleted. */
    boolean edit(long threadId, long messageId, long authorId, String body) {
        return sql.update(MESSAGES).set(MESSAGES.BODY, body).set(MESSAGES.EDITED_AT, OffsetDateTime.now())
                .where(own(threadId, messageId, authorId)).execute() == 1;
    }

    /** Deletes the author's own message (and its files); its place shows "message deleted". */
    boolean delete(long threadId, long messageId, long authorId) {
        return sql.transactionResult(tx -> {
            int n = tx.dsl().update(MESSAGES).set(MESSAGES.DELETED_AT, OffsetDateTime.now()).where(own(threadId, messageId, authorId)).execute();
            tx.dsl().deleteFrom(ATTACHMENTS).where(ATTACHMENTS.MESSAGE_ID.eq(messageId)).and(DSL.inline(n).eq(1)).execute();
            return n == 1;
        });
    }

    private static Condition own(long threadId, long messageId, long authorId) {
        return MESSAGES.ID.eq(messageId).and(MESSAGES.THREAD_ID.eq(threadId)).and(MESSAGES.AUTHOR_ID.eq(authorId)).and(MESSAGES.DELETED_AT.isNull());
    }

    /** Up to {@link #PAGE} messages before {@code beforeId} (or the latest), oldest first: a keyset page. */
    List<Message> page(long threadId, long beforeId) {
        return load(MESSAGES.THREAD_ID.eq(threadId).and(MESSAGES.ID.lt(beforeId)), PAGE).reversed();
    }

    /** Up to {@code limit} messages from {@code fromId} on, oldest first: the page a search hit jumps to. */
    List<Message> from(long threadId, long fromId, int limit) {
        List<Long> ids = sql.select(MESSAGES.ID)
                .from(MESSAGES)
                .where(MESSAGES.THREAD_ID.eq(threadId))
                .and(MESSAGES.ID.ge(fromId))
                .orderBy(MESSAGES.ID)
                .limit(limit)
                .fetch(MESSAGES.ID);
        return ids.isEmpty() ? List.of() : byIds(ids);
    }

    List<Message> byIds(Collection<Long> ids) {
        return load(MESSAGES.ID.in(ids), ids.size()).reversed();
    }

    private List<Message> load(Condition where, int limit) {
        record Row(long id, long threadId, long authorId, String author, String body, OffsetDateTime at, boolean edited, boolean deleted) {
        }
        record Attached(long messageId, Message.Attachment attachment) {
        }
        List<Row> rows = sql.select(MESSAGES.ID, MESSAGES.THREAD_ID, MESSAGES.AUTHOR_ID, USERS.DISPLAY_NAME, MESSAGES.BODY, MESSAGES.CREATED_AT,
                        MESSAGES.EDITED_AT.isNotNull(), MESSAGES.DELETED_AT.isNotNull())
                .from(MESSAGES)
                .join(USERS).on(USERS.ID.eq(MESSAGES.AUTHOR_ID))
                .where(where)
                .orderBy(MESSAGES.ID.desc())
                .limit(limit)
                .fetch(Records.mapping(Row::new));
        Map<Long, List<Message.Attachment>> files = rows.isEmpty() ? Map.of() : sql
                .select(ATTACHMENTS.MESSAGE_ID, ATTACHMENTS.ID, ATTACHMENTS.FILENAME, ATTACHMENTS.CONTENT_TYPE, ATTACHMENTS.SIZE)
                .from(ATTACHMENTS)
                .where(ATTACHMENTS.MESSAGE_ID.in(rows.stream().map(Row::id).toList()))
                .orderBy(ATTACHMENTS.ID)
                .fetch(Records.mapping((messageId, id, name, type, size) -> new Attached(messageId, new Message.Attachment(id, name, type, size))))
                .stream()
                .collect(Collectors.groupingBy(Attached::messageId, Collectors.mapping(Attached::attachment, Collectors.toList())));
        return rows.stream()
                .map(r -> new Message(r.id(), r.threadId(), r.authorId(), r.author(), r.body(), r.at(), r.edited(), r.deleted(),
                        files.getOrDefault(r.id(), List.of())))
                .toList();
    }

    String draft(long threadId, long userId) {
        return sql.select(DRAFTS.BODY).from(DRAFTS).where(DRAFTS.THREAD_ID.eq(threadId)).and(DRAFTS.USER_ID.eq(userId)).fetchOptional(DRAFTS.BODY).orElse("");
    }

    /** Saves a draft; false when the thread was deleted since the caller looked (its foreign key says so). */
    boolean saveDraft(long threadId, long userId, String body) {
        if (body.isEmpty()) {
            sql.deleteFrom(DRAFTS).where(DRAFTS.THREAD_ID.eq(threadId)).and(DRAFTS.USER_ID.eq(userId)).execute();
            return true;
        }
        try {
            sql.insertInto(DRAFTS, DRAFTS.THREAD_ID, DRAFTS.USER_ID, DRAFTS.BODY).values(threadId, userId, body)
                    .onConflict(DRAFTS.THREAD_ID, DRAFTS.USER_ID).doUpdate()
                    .set(DRAFTS.BODY, body).set(DRAFTS.UPDATED_AT, OffsetDateTime.now()).execute();
            return true;
        } catch (org.jooq.exception.IntegrityConstraintViolationException e) {
            return false;
        }
    }

    record File(String filename, String contentType, byte[] data) {
    }

    Optional<File> file(long threadId, long attachmentId) {
        return sql.select(ATTACHMENTS.FILENAME, ATTACHMENTS.CONTENT_TYPE, ATTACHMENTS.DATA)
                .from(ATTACHMENTS)
                .where(ATTACHMENTS.ID.eq(attachmentId))
                .and(ATTACHMENTS.THREAD_ID.eq(threadId))
                .fetchOptional(Records.mapping(File::new));
    }

    /** Marks the member as typing for the next few seconds; only the first mark publishes. */
    void typing(long threadId, long userId, String name) {
        sql.execute("insert into typing (thread_id, user_id, name, until) values ({0}, {1}, {2}, now() + interval '5 seconds') "
                + "on conflict (thread_id, user_id) do update set until = excluded.until", threadId, userId, name);
    }

    List<Typist> typists(long threadId) {
        return sql.fetch("select user_id, name from typing where thread_id = {0} and until > now() order by name", threadId)
                .map(r -> new Typist(r.get(0, Long.class), r.get(1, String.class)));
    }

    /** Ends typing marks that ran out; each end is published, so the indicator disappears. */
    static void expireTyping(DSLContext tx) {
        tx.execute("delete from typing where until <= now()");
    }
}
