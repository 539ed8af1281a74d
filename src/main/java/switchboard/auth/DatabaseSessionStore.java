package switchboard.auth;

import static switchboard.db.jooq.Tables.SESSIONS;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.util.serializer.JavaSerializer;
import org.pac4j.javalin.JavalinWebContext;

/**
 * pac4j's session store, kept in the sessions table so that every node sees every session and
 * nodes need no sticky load balancing. The browser holds only a random id in an HttpOnly,
 * SameSite=Lax cookie (Secure when the public URL is https).
 */
public final class DatabaseSessionStore implements SessionStore {
    static final String COOKIE = "sb_session";
    static final Duration LIFETIME = Duration.ofDays(14);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String LOADED = "sb.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext sql;
    private final boolean secureCookie;
    private final JavaSerializer serializer = new JavaSerializer();

    public DatabaseSessionStore(DSLContext sql, boolean secureCookie) {
        this.sql = sql;
        this.secureCookie = secureCookie;
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
            var row = sql.selectFrom(SESSIONS)
                    .where(SESSIONS.ID.eq(id))
                    .and(SESSIONS.EXPIRES_AT.gt(OffsetDateTime.now()))
                    .fetchOne();
            if (row != null) {
                @SuppressWarnings("unchecked")
                var data = (Map<String, Object>) serializer.deserializeFromBytes(row.getData());
                return remember(ctx, new Session(id, data == null ? new HashMap<>() : new HashMap<>(data)));
            }
        }
        if (!create) {
            return null;
        }
        return remember(ctx, new Session(newId(ctx), new HashMap<>()));
    }

    private static Session remember(Context ctx, Session session) {
        ctx.attribute(LOADED, session);
        return session;
    }

    private String newId(Context ctx) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var cookie = new Cookie(COOKIE, id);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        cookie.setSecure(secureCookie);
        cookie.setPath("/");
        cookie.setMaxAge((int) LIFETIME.toSeconds());
        ctx.cookie(cookie);
        return id;
    }

    private void save(Session session) {
        byte[] data = serializer.serializeToBytes(new HashMap<>(session.data()));
        OffsetDateTime expires = OffsetDateTime.now().plus(LIFETIME);
        sql.insertInto(SESSIONS, SESSIONS.ID, SESSIONS.DATA, SESSIONS.EXPIRES_AT)
                .values(session.id(), data, expires)
                .onConflict(SESSIONS.ID)
                .doUpdate()
                .set(SESSIONS.DATA, data)
                .set(SESSIONS.EXPIRES_AT, expires)
                .execute();
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
            save(session);
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
        Context ctx = ((JavalinWebContext) context).getContext();
        Session old = load(context, false);
        Map<String, Object> data = old == null ? new HashMap<>() : old.data();
        if (old != null) {
            sql.deleteFrom(SESSIONS).where(SESSIONS.ID.eq(old.id())).execute();
        }
        Session fresh = remember(ctx, new Session(newId(ctx), data));
        save(fresh);
        return true;
    }

    /** Deletes sessions past their expiry; returns how many. */
    public static int deleteExpired(DSLContext sql) {
        return sql.deleteFrom(SESSIONS).where(SESSIONS.EXPIRES_AT.lt(OffsetDateTime.now())).execute();
    }

    private record Session(String id, Map<String, Object> data) {
    }
}
