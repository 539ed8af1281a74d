package switchboard.auth;

import static switchboard.db.jooq.Tables.USERS;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The users table: creating accounts and checking their passwords. A password reset, a role
 * change and disabling an account end every session of that account (the trigger on users
 * closes its open streams on every node).
 */
public final class Users {
    static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,40}");

    /** Taken by every change that may leave fewer enabled admins (see {@link #underAdminLock}). */
    private static final long ADMINS_LOCK = 0x5b_0050L;

    private final DSLContext sql;

    public Users(DSLContext sql) {
        this.sql = sql;
    }

    /** Creates an account; throws {@link IllegalArgumentException} with a message for people. */
    public User create(String username, String displayName, String password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("A username is 3 to 40 lower-case letters, digits, '.', '_' or '-'.");
        }
        if (switchboard.web.TextInput.visible(displayName).isEmpty() || displayName.length() > 80) {
            throw new IllegalArgumentException("A display name is 1 to 80 characters.");
        }
        Passwords.requireAcceptable(password);
        if (find(username).isPresent()) {
            throw new IllegalArgumentException("The username '" + username + "' is taken.");
        }
        return sql.insertInto(USERS, USERS.USERNAME, USERS.DISPLAY_NAME, USERS.PASSWORD_HASH, USERS.ROLE)
                .values(username, displayName.strip(), Passwords.hash(password), role.name())
                .returning()
                .fetchOne(Users::toUser);
    }

    public Optional<User> find(String username) {
        return sql.selectFrom(USERS)
                .where(USERS.USERNAME.eq(username))
                .fetchOptional(Users::toUser);
    }

    public Optional<User> byId(long id) {
        return sql.selectFrom(USERS)
                .where(USERS.ID.eq(id))
                .fetchOptional(Users::toUser);
    }

    /** The enabled account these credentials belong to; empty for a wrong password, an unknown name or a disabled account. */
    public Optional<User> authenticate(String username, String password) {
        var row = username == null ? null : sql.selectFrom(USERS).where(USERS.USERNAME.eq(username.strip().toLowerCase())).fetchOne();
        boolean matches = Passwords.matches(password == null ? "" : password, row == null ? null : row.getPasswordHash());
        if (!matches || row.getDisabledAt() != null) {
            return Optional.empty();
        }
        return Optional.of(toUser(row));
    }

    /** Every account, people first, then kiosks; by name. */
    public List<User> all() {
        return sql.selectFrom(USERS)
                .orderBy(USERS.ROLE.eq(Role.KIOSK.name()), USERS.USERNAME)
                .fetch(Users::toUser);
    }

    public void setRole(long id, Role role) {
        if (role == Role.KIOSK) {
            throw new IllegalArgumentException("Kiosk accounts are made with a kiosk link, not by changing a person's role.");
        }
        underAdminLock(tx -> {
            User user = byId(tx, id);
            if (user.role() == Role.KIOSK) {
                throw new IllegalArgumentException("A kiosk account stays a kiosk; revoke its link instead.");
            }
            if (user.role() == Role.AGENT && role != Role.AGENT) {
                // Its link to an agent's book would stay behind, and no form makes an agent again.
                throw new IllegalArgumentException("An agent account stays an agent (it is linked to its book); disable it instead.");
            }
            if (user.role() == Role.ADMIN && role != Role.ADMIN) {
                requireAnotherAdmin(tx, id);
            }
            if (tx.update(USERS).set(USERS.ROLE, role.name()).where(USERS.ID.eq(id)).and(USERS.ROLE.ne(role.name())).execute() > 0) {
                DatabaseSessionStore.endSessionsOf(tx, id, null);
            }
        });
    }

    public void setDisabled(long id, boolean disabled) {
        underAdminLock(tx -> {
            User user = byId(tx, id);
            if (disabled && user.role() == Role.ADMIN) {
                requireAnotherAdmin(tx, id);
            }
            if (disabled) {
                tx.update(USERS).set(USERS.DISABLED_AT, DSL.coalesce(USERS.DISABLED_AT, DSL.currentOffsetDateTime()))
                        .where(USERS.ID.eq(id)).execute();
                DatabaseSessionStore.endSessionsOf(tx, id, null);
            } else {
                tx.update(USERS).setNull(USERS.DISABLED_AT).where(USERS.ID.eq(id)).execute();
            }
        });
    }

    /**
     * Runs a change that may leave fewer enabled admins in one transaction holding a lock every
     * such change takes: two admins demoting each other at once (or one admin in two tabs) counted
     * the other as still there, and both changes went through, leaving no admin at all.
     */
    private void underAdminLock(java.util.function.Consumer<DSLContext> change) {
        sql.transaction(c -> {
            DSLContext tx = c.dsl();
            tx.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(ADMINS_LOCK))).fetch();
            change.accept(tx);
        });
    }

    private static User byId(DSLContext tx, long id) {
        return tx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional(Users::toUser)
                .orElseThrow(() -> new IllegalArgumentException("There is no account " + id + "."));
    }

    public void resetPassword(long id, String password) {
        Passwords.requireAcceptable(password);
        User user = byId(id).orElseThrow(() -> new IllegalArgumentException("There is no account " + id + "."));
        if (user.role() == Role.KIOSK) {
            throw new IllegalArgumentException("Kiosk accounts sign in by link and have no password.");
        }
        sql.update(USERS).set(USERS.PASSWORD_HASH, Passwords.hash(password)).where(USERS.ID.eq(id)).execute();
        DatabaseSessionStore.endSessionsOf(sql, id, null);
    }

    /**
     * A person's own change: the current password must match. The caller ends the account's
     * other sessions (it knows which session is this one).
     */
    /** Sets a signed-in person's new password; the caller has checked their current one. */
    void setOwnPassword(long id, String fresh) {
        Passwords.requireAcceptable(fresh);
        sql.update(USERS).set(USERS.PASSWORD_HASH, Passwords.hash(fresh)).where(USERS.ID.eq(id)).execute();
    }

    /** Refuses to leave the app without an enabled admin. */
    private static void requireAnotherAdmin(DSLContext tx, long id) {
        int others = tx.fetchCount(USERS, USERS.ROLE.eq(Role.ADMIN.name()).and(USERS.DISABLED_AT.isNull()).and(USERS.ID.ne(id)));
        if (others == 0) {
            throw new IllegalArgumentException("This is the last enabled admin; make another admin first.");
        }
    }

    public boolean isEmpty() {
        return sql.fetchCount(USERS) == 0;
    }

    static User toUser(Record r) {
        return new User(r.get(USERS.ID), r.get(USERS.USERNAME), r.get(USERS.DISPLAY_NAME),
                Role.valueOf(r.get(USERS.ROLE)), r.get(USERS.DISABLED_AT) != null);
    }
}
