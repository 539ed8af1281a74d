package switchboard.auth;

import static switchboard.db.jooq.Tables.SESSIONS;
import static switchboard.db.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import switchboard.live.AccountColumns;

/**
 * The statement that reads a session row with the account it names and whatever the request
 * asks to have read with them ({@link AccountColumns}), rendered once per shape. jOOQ renders a
 * query anew on every execution (it caches neither SQL nor statements), which was 12 % of a warm
 * {@code /live} connect's CPU. {@code Query.keepStatement} and {@code bind} reuse one JDBC
 * statement on one connection and a mutable query object, which fits neither a pool nor
 * concurrent connects; so the select is still built with jOOQ, with named parameters, rendered by
 * {@link DSLContext#render} once, and run again as the same text with new values
 * ({@code resultQuery(text, values).coerce(fields)}: typed records, jOOQ's own binding for each
 * value's type). The same text each time also lets pgjdbc reuse its server-side prepared
 * statement on each pooled connection. Also the renewal's {@link #move} of a row to a new id.
 */
final class SessionStatements {
    private static final String SESSION_ID = "sb_session_id";
    private static final String NOW = "sb_now";
    /** Sessions begun before it are over, whatever their expiry: {@link DatabaseSessionStore#LIFETIME} ago. */
    private static final String BEGUN_AFTER = "sb_begun_after";
    /** A handful of shapes in practice (the kinds of topic a page can follow); a bound all the same. */
    private static final int MAX_SHAPES = 64;

    private final DSLContext sql;
    private final Map<Object, Rendered> byShape = new ConcurrentHashMap<>();

    SessionStatements(DSLContext sql) {
        this.sql = sql;
    }

    /** The session row {@code id}, unless expired, with its account (null columns if none) and {@code extra}'s columns; null if there is none. */
    Record read(String id, AccountColumns extra) {
        Rendered statement = rendered(extra);
        Object[] values = new Object[statement.parameters().size()];
        for (int i = 0; i < values.length; i++) {
            String parameter = statement.parameters().get(i);
            values[i] = switch (parameter) {
                case SESSION_ID -> id;
                case NOW -> OffsetDateTime.now();
                case BEGUN_AFTER -> OffsetDateTime.now().minus(DatabaseSessionStore.LIFETIME);
                default -> extra.bind(parameter);
            };
        }
        return sql.resultQuery(statement.text(), values).coerce(statement.fields()).fetchOne();
    }

    /**
     * Moves the row {@code from} to the id {@code to} with the session's data: a renewal is the
     * same sign-in under a new id. A delete and an insert looked like a second sign-in to V10's
     * activity trigger (pac4j saves the profile, then renews the id); V27's sessions_ended still
     * publishes the old id's end. False when there is no row {@code from}.
     */
    boolean move(String from, String to, byte[] data, OffsetDateTime expires, Long userId) {
        return sql.update(SESSIONS)
                .set(SESSIONS.ID, to)
                .set(SESSIONS.DATA, data)
                .set(SESSIONS.EXPIRES_AT, expires)
                .set(SESSIONS.USER_ID, userId)
                // A renewal is a sign-in (or a change of account): its lifetime starts now.
                .set(SESSIONS.CREATED_AT, DSL.currentOffsetDateTime())
                .where(SESSIONS.ID.eq(from))
                .execute() == 1;
    }

    private Rendered rendered(AccountColumns extra) {
        Object shape = extra == null ? List.of() : extra.shape();
        Rendered known = byShape.get(shape);
        if (known != null) {
            return known;
        }
        var query = sql.select(SESSIONS.DATA, SESSIONS.EXPIRES_AT, SESSIONS.USER_ID,
                        USERS.ID, USERS.USERNAME, USERS.DISPLAY_NAME, USERS.ROLE, USERS.DISABLED_AT)
                .select(extra == null ? List.of() : extra.fields(USERS.ID))
                .from(SESSIONS)
                .leftJoin(USERS).on(USERS.ID.eq(SESSIONS.USER_ID))
                .where(SESSIONS.ID.eq(DSL.param(SESSION_ID, SESSIONS.ID)))
                .and(SESSIONS.EXPIRES_AT.gt(DSL.param(NOW, SESSIONS.EXPIRES_AT)))
                .and(SESSIONS.CREATED_AT.gt(DSL.param(BEGUN_AFTER, SESSIONS.CREATED_AT)));
        // Bind values in the order of their placeholders: each a named parameter, each named once
        // (constants a column inlines are in the text, not bound).
        List<String> parameters = query.getParams().entrySet().stream().filter(e -> !e.getValue().isInline()).map(Map.Entry::getKey).toList();
        if (parameters.size() != query.getBindValues().size()) {
            throw new IllegalStateException("the session statement binds a value that is not a named parameter, or one name twice: " + parameters);
        }
        var rendered = new Rendered(sql.render(query), parameters, List.copyOf(query.getSelect()));
        if (byShape.size() < MAX_SHAPES) {
            byShape.putIfAbsent(shape, rendered);
        }
        return rendered;
    }

    /** A session's tag, as V23 computes it when the row goes (the id is the cookie's secret). */
    static long tag(String sessionId) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(sessionId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new java.math.BigInteger(1, md5).shiftRight(128 - 60).longValue();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** A statement's text, its parameters in the order of their placeholders, and its columns. */
    private record Rendered(String text, List<String> parameters, List<Field<?>> fields) {
    }
}
