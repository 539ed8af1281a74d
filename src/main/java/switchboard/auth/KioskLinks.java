package switchboard.auth;

import static switchboard.db.jooq.Tables.KIOSK_LINKS;
import static switchboard.db.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Records;
import switchboard.web.Tokens;

/**
 * Kiosk links: each signs one screen in as its own KIOSK account, without typing. The token is
 * shown once; revoking the link disables its account, which ends the screen's session and
 * closes its open streams on every node.
 */
public final class KioskLinks {
    public static final String PATH = "/kiosk/";

    private final DSLContext sql;

    public KioskLinks(DSLContext sql) {
        this.sql = sql;
    }

    public record Created(KioskLink link, String token) {
    }

    public record KioskLink(long id, long userId, String screen, OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** Makes a KIOSK account named after the screen, and its link. */
    public Created create(String screen, Long createdBy) {
        String name = screen == null ? "" : screen.strip();
        if (name.isEmpty() || name.length() > 80) {
            throw new IllegalArgumentException("Name the screen in 1 to 80 characters, e.g. 'Lobby display'.");
        }
        String token = Tokens.random();
        return sql.transactionResult(tx -> {
            long userId = tx.dsl().insertInto(USERS, USERS.USERNAME, USERS.DISPLAY_NAME, USERS.ROLE)
                    .values("kiosk-" + Tokens.randomAlphanumeric(8), name, Role.KIOSK.name())
                    .returning(USERS.ID).fetchOne(USERS.ID);
            long id = tx.dsl().insertInto(KIOSK_LINKS, KIOSK_LINKS.USER_ID, KIOSK_LINKS.TOKEN_HASH, KIOSK_LINKS.CREATED_BY)
                    .values(userId, Tokens.digest(token), createdBy)
                    .returning(KIOSK_LINKS.ID).fetchOne(KIOSK_LINKS.ID);
            return new Created(byId(tx.dsl(), id).orElseThrow(), token);
        });
    }

    public List<KioskLink> all() {
        return select(sql)
                .orderBy(KIOSK_LINKS.REVOKED_AT.isNotNull(), KIOSK_LINKS.CREATED_AT.desc())
                .fetch(Records.mapping(KioskLink::new));
    }

    /** Revokes the link and disables its account; false when there is no such active link. */
    public boolean revoke(long id) {
        return sql.transactionResult(tx -> {
            Long userId = tx.dsl().update(KIOSK_LINKS).set(KIOSK_LINKS.REVOKED_AT, OffsetDateTime.now())
                    .where(KIOSK_LINKS.ID.eq(id)).and(KIOSK_LINKS.REVOKED_AT.isNull())
                    .returning(KIOSK_LINKS.USER_ID).fetchOptional(KIOSK_LINKS.USER_ID).orElse(null);
            if (userId == null) {
                return false;
            }
            new Users(tx.dsl()).setDisabled(userId, true);
            return true;
        });
    }

    /** The enabled KIOSK account this token signs in, noting the use. */
    public Optional<User> redeem(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        Long userId = sql.update(KIOSK_LINKS).set(KIOSK_LINKS.LAST_USED_AT, OffsetDateTime.now())
                .where(KIOSK_LINKS.TOKEN_HASH.eq(Tokens.digest(token))).and(KIOSK_LINKS.REVOKED_AT.isNull())
                .returning(KIOSK_LINKS.USER_ID).fetchOptional(KIOSK_LINKS.USER_ID).orElse(null);
        return userId == null ? Optional.empty()
                : new Users(sql).byId(userId).filter(u -> !u.disabled() && u.role() == Role.KIOSK);
    }

    private static org.jooq.SelectOnConditionStep<org.jooq.Record6<Long, Long, String, OffsetDateTime, OffsetDateTime, OffsetDateTime>> select(DSLContext sql) {
        return sql.select(KIOSK_LINKS.ID, KIOSK_LINKS.USER_ID, USERS.DISPLAY_NAME, KIOSK_LINKS.CREATED_AT, KIOSK_LINKS.LAST_USED_AT, KIOSK_LINKS.REVOKED_AT)
                .from(KIOSK_LINKS).join(USERS).on(USERS.ID.eq(KIOSK_LINKS.USER_ID));
    }

    private static Optional<KioskLink> byId(DSLContext sql, long id) {
        return select(sql)
                .where(KIOSK_LINKS.ID.eq(id))
                .fetchOptional(Records.mapping(KioskLink::new));
    }
}
