package switchboard.auth;

import static switchboard.db.jooq.Tables.API_KEYS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Record;
import switchboard.web.Tokens;

/**
 * API keys for machines. A key reads {@code sbk_<prefix>_<secret>}; only the SHA-256 of the
 * whole key is stored, and the prefix is kept in clear so people can tell keys apart. Each
 * request looks the key up (no cache), so a revoked key fails on its very next request.
 */
public final class ApiKeys {
    public static final String SCOPE_INGEST = "ingest";
    private static final Pattern TABLE_ENTRY = Pattern.compile("[A-Za-z0-9._-]{1,64}\\*?|\\*");
    static final Pattern FORMAT = Pattern.compile("sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}");
    /** last_used_at is written at most this often per key, so busy keys do not write on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private final DSLContext sql;

    public ApiKeys(DSLContext sql) {
        this.sql = sql;
    }

    /** The key's record and, once only, its secret. */
    public record Created(ApiKey key, String secret) {
    }

    public Created create(String name, String scope, long createdBy) {
        return create(name, scope, "", createdBy);
    }

    /** A key limited to {@code tables} (e.g. "lobby-1, tourney-*", separated by commas or spaces); blank or "*" allows every table. */
    public Created create(String name, String scope, String tables, long createdBy) {
        String limit = tables(tables);
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 80) {
            throw new IllegalArgumentException("A key's name is 1 to 80 characters, e.g. the game server it is for.");
        }
        if (!SCOPE_INGEST.equals(scope)) {
            throw new IllegalArgumentException("The only scope is 'ingest'.");
        }
        // A revocation names the key: two active keys of one name could not be told apart.
        if (sql.fetchExists(API_KEYS, DSL.lower(API_KEYS.NAME).eq(cleanName.toLowerCase(java.util.Locale.ROOT)).and(API_KEYS.REVOKED_AT.isNull()))) {
            throw new IllegalArgumentException("An active key is already named '" + cleanName + "'; name each key after the game server it is for.");
        }
        String prefix = Tokens.randomAlphanumeric(8);
        String secret = "sbk_" + prefix + "_" + Tokens.random();
        ApiKey key = sql.insertInto(API_KEYS, API_KEYS.NAME, API_KEYS.PREFIX, API_KEYS.SECRET_HASH, API_KEYS.SCOPE, API_KEYS.CREATED_BY, API_KEYS.TABLES)
                .values(cleanName, prefix, Tokens.digest(secret), scope, createdBy, limit)
                .returning()
                .fetchOne(ApiKeys::toKey);
        return new Created(key, secret);
    }

    private static String tables(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        var entries = java.util.Arrays.stream(spec.split("[,\\s]+")).filter(e -> !e.isEmpty()).toList();
        if (entries.contains("*")) {
            return null; // every table, as a blank field says: a key limited to "*" could not send wager events
        }
        if (entries.size() > 20 || entries.stream().anyMatch(e -> !TABLE_ENTRY.matcher(e).matches())) {
            throw new IllegalArgumentException("Tables are up to 20 table ids (letters, digits, '.', '_', '-'), or prefixes ending in '*', separated by commas.");
        }
        return String.join(", ", entries);
    }

    public List<ApiKey> all() {
        return sql.selectFrom(API_KEYS).orderBy(API_KEYS.REVOKED_AT.isNotNull(), API_KEYS.CREATED_AT.desc()).fetch(ApiKeys::toKey);
    }

    /** Revokes the key; false when there is no such active key. */
    public boolean revoke(long id) {
        return sql.update(API_KEYS).set(API_KEYS.REVOKED_AT, OffsetDateTime.now())
                .where(API_KEYS.ID.eq(id)).and(API_KEYS.REVOKED_AT.isNull())
                .execute() == 1;
    }

    /** The active key with this secret, noting its use. */
    public Optional<ApiKey> authenticate(String secret) {
        return authenticate(secret, null).map(Taken::key);
    }

    /** An active key, and the seconds its request must wait (0: it may go on) when a limiter took its tokens. */
    record Taken(ApiKey key, long waitSeconds) {
    }

    /**
     * The active key with this secret, noting its use; with {@code limiter}, its request's token
     * is taken too (mostly from this node's lease of the key's tokens, see {@link RateLimiter}).
     * Still no cache of keys: a revoked key fails on its very next request.
     */
    Optional<Taken> authenticate(String secret, RateLimiter limiter) {
        if (secret == null || !FORMAT.matcher(secret).matches()) {
            return Optional.empty();
        }
        var taken = sql.select(API_KEYS.fields())
                .from(API_KEYS)
                .where(API_KEYS.SECRET_HASH.eq(Tokens.digest(secret)))
                .and(API_KEYS.REVOKED_AT.isNull())
                .fetchOptional(ApiKeys::toKey)
                .map(key -> new Taken(key, limiter == null ? 0 : limiter.acquire("key:" + key.id(), 1)));
        taken.ifPresent(t -> touch(t.key()));
        return taken;
    }

    private void touch(ApiKey key) {
        OffsetDateTime now = OffsetDateTime.now();
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
            sql.update(API_KEYS).set(API_KEYS.LAST_USED_AT, now).where(API_KEYS.ID.eq(key.id())).execute();
        }
    }

    private static ApiKey toKey(Record r) {
        return new ApiKey(r.get(API_KEYS.ID), r.get(API_KEYS.NAME), r.get(API_KEYS.PREFIX), r.get(API_KEYS.SCOPE),
                r.get(API_KEYS.CREATED_AT), r.get(API_KEYS.LAST_USED_AT), r.get(API_KEYS.REVOKED_AT), r.get(API_KEYS.TABLES));
    }
}
