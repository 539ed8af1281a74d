package switchboard.auth;

import static switchboard.db.jooq.Tables.SESSIONS;
import static switchboard.db.jooq.Tables.USERS;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.core.util.serializer.JavaSerializer;
import org.pac4j.javalin.JavalinWebContext;
import switchboard.live.AccountColumns;
import switchboard.web.Input;
import switchboard.web.Tokens;

/**
 * pac4j's session store, kept in the sessions table so that every node sees every session and
 * nodes need no sticky load balancing. The browser holds only a random id in an HttpOnly,
 * SameSite=Lax cookie (Secure when the public URL is https). A row is written only when there is
 * something to keep (a sign-in): anonymous visitors never get one. A session unused for
 * {@code idle} expires; each row names its account, so that account's sessions can be ended.
 */
final class DatabaseSessionStore implements SessionStore {
    static final String COOKIE = "sb_session";
    /** The cookie's lifetime; the row expires sooner when the session is idle. */
    static final Duration LIFETIME = Duration.ofDays(14);
    /** An active session's expiry is moved on at most this often, so a busy page does not write per request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(5);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String LOADED = "sb.session";
    /** The account the loaded session names, read with it (one query for both); absent when it names none. */
    private static final String ACCOUNT = "sb.session.account";
    /** What the request asks to have read with its account (see {@link #readWithAccount}). */
    private static final String EXTRA = "sb.session.extra";
    /** The loaded row's user_id (see {@link #owner}). */
    private static final String OWNER = "sb.session.owner";

    private final DSLContext sql;
    private final boolean secureCookie;
    private final Duration idle;
    private final JavaSerializer serializer = new JavaSerializer();
    private final SessionStatements statements;

    public DatabaseSessionStore(DSLContext sql, boolean secureCookie, Duration idle) {
        this.sql = sql;
        this.statements = new SessionStatements(sql);
        this.secureCookie = secureCookie;
        this.idle = idle;
    }

    /** This request's session, loaded once; null when it has none and {@code create} is false. */
    private Session load(WebContext context, boolean create) {
        Context ctx = ((JavalinWebContext) context).getContext();
        Session loaded = ctx.attribute(LOADED);
        if (loaded != null) {
            return loaded;
        }
        String id = ctx.cookie(COOKIE);
        if (id != null && ID.matcher(id).matches()) {
            // The session and the account it names in one statement: a page's stream, fragment or
            // form costs one query for who is asking, and the account is as current as the row.
            AccountColumns extra = ctx.attribute(EXTRA);
            var row = statements.read(id, extra);
            if (row != null) {
                touch(id, row.get(SESSIONS.EXPIRES_AT));
                ctx.attribute(OWNER, row.get(SESSIONS.USER_ID));
                if (row.get(USERS.ID) != null) {
                    ctx.attribute(ACCOUNT, Users.toUser(row));
                    if (extra != null) {
                        extra.read(row.get(USERS.ID), row);
                    }
                }
                return remember(ctx, new Session(id, row.get(SESSIONS.DATA)));
            }
        }
        if (!create) {
            return null;
        }
        return remember(ctx, new Session(newId(ctx), new HashMap<>()));
    }

    /** Asks that {@code columns} be read with this request's session row and its account (see {@link AccountColumns}). */
    static void readWithAccount(Context ctx, AccountColumns columns) {
        ctx.attribute(EXTRA, columns);
    }

    /** The account this request's session row names, as read with the row (null: none, or not loaded). */
    static User account(Context ctx) {
        return ctx.attribute(ACCOUNT);
    }

    /**
     * The id in the loaded session row's {@code user_id}, whether or not that account still
     * exists; null when the row names none (or no row was loaded). {@link #save} writes it from
     * the pac4j profile in the same statement as the profile itself, so it is the profile's id.
     */
    static Long owner(Context ctx) {
        return ctx.attribute(OWNER);
    }

    private static Session remember(Context ctx, Session session) {
        ctx.attribute(LOADED, session);
        return session;
    }

    private String newId(Context ctx) {
        String id = Tokens.random();
        var cookie = new Cookie(COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setSecure(secureCookie);
        cookie.setPath("/");
        cookie.setMaxAge((int) LIFETIME.toSeconds());
        ctx.cookie(cookie);
        return id;
    }

    /** Moves an idle session's expiry on, at most every few minutes. */
    private void touch(String id, OffsetDateTime expiresAt) {
        OffsetDateTime due = OffsetDateTime.now().plus(idle);
        if (expiresAt.isBefore(due.minus(TOUCH_EVERY))) {
            sql.update(SESSIONS).set(SESSIONS.EXPIRES_AT, due).where(SESSIONS.ID.eq(id)).execute();
        }
    }

    /** Writes the session's row; a renewal ({@code from}: the old id) moves that row to the new id, when it has one. */
    private void save(Session session, String from) {
        byte[] data = serializer.serializeToBytes(new HashMap<>(session.data()));
        OffsetDateTime expires = OffsetDateTime.now().plus(idle);
        Long userId = accountOf(session.data());
        if (from != null && statements.move(from, session.id(), data, expires, userId)) {
            return;
        }
        sql.insertInto(SESSIONS, SESSIONS.ID, SESSIONS.DATA, SESSIONS.EXPIRES_AT, SESSIONS.USER_ID)
                .values(session.id(), data, expires, userId)
                .onConflict(SESSIONS.ID)
                .doUpdate()
                .set(SESSIONS.DATA, data)
                .set(SESSIONS.EXPIRES_AT, expires)
                .set(SESSIONS.USER_ID, userId)
                .execute();
    }

    /** The account a session is signed in as (its pac4j profile's id), or null. */
    private static Long accountOf(Map<String, Object> data) {
        if (data.get(Pac4jConstants.USER_PROFILES) instanceof Map<?, ?> profiles) {
            for (Object profile : profiles.values()) {
                if (profile instanceof UserProfile p && p.getId() != null && Input.ID.matcher(p.getId()).matches()) {
                    return Long.parseLong(p.getId());
                }
            }
        }
        return null;
    }

    /** Ends every session of an account but {@code keep} (null: all of them), on every node; returns how many. */
    static int endSessionsOf(DSLContext sql, long userId, String keep) {
        return sql.deleteFrom(SESSIONS)
                .where(SESSIONS.USER_ID.eq(userId))
                .and(keep == null ? DSL.noCondition() : SESSIONS.ID.ne(keep))
                .execute();
    }

    DSLContext sql() {
        return sql;
    }

    /** This request's session id, without making one. */
    Optional<String> currentId(WebContext context) {
        return getSessionId(context, false);
    }

    @Override
    public Optional<String> getSessionId(WebContext context, boolean createSession) {
        return Optional.ofNullable(load(context, createSession)).map(Session::id);
    }

    @Override
    public Optional<Object> get(WebContext context, String key) {
        return Optional.ofNullable(load(context, false)).map(s -> s.data().get(key));
    }

    @Override
    public void set(WebContext context, String key, Object value) {
        // Removing from a browser without a session stores nothing.
        Session session = load(context, value != null);
        if (session == null) {
            return;
        }
        Object old = value == null ? session.data().remove(key) : session.data().put(key, value);
        // pac4j's CSRF check clears the previous token on every POST; writing the unchanged
        // session back would cost a row update per heartbeat, chat post and keystroke save.
        if (!Objects.equals(old, value)) {
            save(session, null);
        }
    }

    @Override
    public boolean destroySession(WebContext context) {
        Context ctx = ((JavalinWebContext) context).getContext();
        Session session = load(context, false);
        if (session != null) {
            sql.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(session.id())).execute();
            session.data().clear();
        }
        ctx.attribute(ACCOUNT, null);
        ctx.attribute(OWNER, null);
        ctx.removeCookie(COOKIE, "/");
        return true;
    }

    @Override
    public Optional<Object> getTrackableSession(WebContext context) {
        return getSessionId(context, false).map(id -> id);
    }

    @Override
    public Optional<SessionStore> buildFromTrackableSession(WebContext context, Object trackableSession) {
        return Optional.of(this);
    }

    /** A new id for the same data, so a session id seen before sign-in is worthless after it. */
    @Override
    public boolean renewSession(WebContext context) {
        renew(context, true);
        return true;
    }

    /**
     * Moves this session's data to a new id. {@code newToken}: a new CSRF token too (a sign-in);
     * false after a password change, so this browser's other open pages can still post.
     */
    void renew(WebContext context, boolean newToken) {
        Context ctx = ((JavalinWebContext) context).getContext();
        Session old = load(context, false);
        Map<String, Object> data = old == null ? new HashMap<>() : old.data();
        if (newToken) {
            // The CSRF token rotates with the id: one seen before sign-in is worthless after it.
            data.remove(Pac4jConstants.CSRF_TOKEN);
            data.remove(Pac4jConstants.CSRF_TOKEN_EXPIRATION_DATE);
            data.remove(Pac4jConstants.PREVIOUS_CSRF_TOKEN);
        }
        ctx.attribute(ACCOUNT, null);
        ctx.attribute(OWNER, null);
        save(remember(ctx, new Session(newId(ctx), data)), old == null ? null : old.id());
    }

    /** Deletes sessions past their expiry or their lifetime; returns how many. */
    public static int deleteExpired(DSLContext sql) {
        return sql.deleteFrom(SESSIONS).where(SESSIONS.EXPIRES_AT.lt(OffsetDateTime.now()).or(SESSIONS.CREATED_AT.lt(OffsetDateTime.now().minus(LIFETIME)))).execute();
    }

    /**
     * A session, its data deserialised on first use: {@code /live} needs only the account the
     * row names (see {@link #owner}), and reading pac4j's profile back was a tenth of a connect.
     */
    private final class Session {
        private final String id;
        private byte[] stored;
        private Map<String, Object> data;

        /** {@code stored}: the row's data, or null for a new session. */
        Session(String id, byte[] stored) {
            this.id = id;
            this.stored = stored;
        }

        Session(String id, Map<String, Object> data) {
            this.id = id;
            this.data = data;
        }

        String id() {
            return id;
        }

        Map<String, Object> data() {
            if (data == null) {
                @SuppressWarnings("unchecked")
                var read = stored == null ? null : (Map<String, Object>) serializer.deserializeFromBytes(stored);
                data = read == null ? new HashMap<>() : new HashMap<>(read);
                stored = null;
            }
            return data;
        }
    }
}
