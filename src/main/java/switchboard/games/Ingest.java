package switchboard.games;

import static switchboard.db.jooq.Tables.INGEST_KEYS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Applies a request's events in one transaction: all or nothing. Idempotency keys are
 * claimed first, in the same transaction, so two racing requests with one key serialise on
 * the key's row: the second waits, then finds the first's claim and answers as a retry.
 * Tables are locked in id order, so batches touching the same tables cannot deadlock.
 */
final class Ingest {
    static final int MAX_EVENTS = 500;
    private final DSLContext sql;
    private final ObjectMapper json;

    Ingest(DSLContext sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /** The request's events, parsed; the caller has checked the body is an object or array. */
    record Request(long apiKeyId, String idempotencyKey, JsonNode body, List<IngestEvent> events) {
    }

    /** Commits the events; returns how many were new (0 for a retry of an accepted request). */
    int accept(Request request) {
        try {
            return sql.transactionResult(tx -> apply(tx.dsl(), request));
        } catch (DataAccessException e) {
            if (e.getCause() instanceof Rejection rejection) {
                throw rejection;
            }
            if ("23505".equals(e.sqlState())) {
                // Two requests opened the same new table at once, under different keys: one lost.
                throw new Rejection(409, "version-conflict", "version", "The table was changed by another request at the same moment; reload its version and resend.", Map.of());
            }
            throw e;
        }
    }

    private int apply(DSLContext tx, Request request) {
        List<IngestEvent> fresh = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        boolean[] claimed;
        if (request.idempotencyKey() != null) {
            claimed = new boolean[request.events().size()];
            java.util.Arrays.fill(claimed, claim(tx, request.apiKeyId(), List.of("request:" + request.idempotencyKey()), List.of(hash(request.body())))[0]);
        } else {
            claimed = claim(tx, request.apiKeyId(),
                    request.events().stream().map(e -> "event:" + e.eventId()).toList(),
                    request.events().stream().map(e -> hash(e.json())).toList());
        }
        for (int i = 0; i < claimed.length; i++) {
            if (claimed[i]) {
                fresh.add(request.events().get(i));
                indexes.add(i);
            }
        }
        var tables = new HashMap<String, TableState>();
        var isNew = new HashMap<String, Boolean>();
        for (String id : new TreeSet<>(fresh.stream().map(IngestEvent::tableId).toList())) {
            TableState t = TableStore.lock(tx, id);
            tables.put(id, t);
            isNew.put(id, t == null);
        }
        var log = new ArrayList<TableStore.Logged>();
        for (int n = 0; n < fresh.size(); n++) {
            IngestEvent e = fresh.get(n);
            try {
                TableState table = PokerRules.apply(tables.get(e.tableId()), e);
                tables.put(e.tableId(), table);
                String summary = PokerRules.play(table, e);
                log.add(new TableStore.Logged(e.tableId(), table.version, e.type(), table.handNo == 0 ? null : table.handNo, summary));
            } catch (Rejection r) {
                throw r.at(indexes.get(n));
            }
        }
        for (var entry : tables.entrySet()) {
            TableStore.save(tx, entry.getValue(), isNew.get(entry.getKey()));
        }
        TableStore.log(tx, log);
        return fresh.size();
    }

    /** Deletes idempotency keys claimed before {@code retention} ago; a retry later than that would apply again. */
    static int forgetKeysOlderThan(DSLContext tx, java.time.Duration retention) {
        return tx.deleteFrom(INGEST_KEYS).where(INGEST_KEYS.CREATED_AT.lt(java.time.OffsetDateTime.now().minus(retention))).execute();
    }

    /**
     * Claims the keys in one statement; an entry is false when its key was claimed before with
     * the same body (a retry, or the same event twice in one batch). A key claimed before with
     * another body is a 409, at the event's index for event keys.
     */
    private boolean[] claim(DSLContext tx, long apiKeyId, List<String> keys, List<String> hashes) {
        var insert = tx.insertInto(INGEST_KEYS, INGEST_KEYS.API_KEY_ID, INGEST_KEYS.IDEM_KEY, INGEST_KEYS.BODY_HASH);
        for (int i = 0; i < keys.size(); i++) {
            insert = insert.values(apiKeyId, keys.get(i), hashes.get(i));
        }
        var inserted = new HashSet<>(insert.onConflictDoNothing().returning(INGEST_KEYS.IDEM_KEY).fetch(INGEST_KEYS.IDEM_KEY));
        Map<String, String> earlier = inserted.size() == keys.size() ? new HashMap<>() : tx.select(INGEST_KEYS.IDEM_KEY, INGEST_KEYS.BODY_HASH)
                .from(INGEST_KEYS).where(INGEST_KEYS.API_KEY_ID.eq(apiKeyId)).and(INGEST_KEYS.IDEM_KEY.in(keys))
                .fetchMap(INGEST_KEYS.IDEM_KEY, INGEST_KEYS.BODY_HASH);
        boolean[] fresh = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (inserted.remove(key)) {
                fresh[i] = true;
                earlier.put(key, hashes.get(i));
            } else if (!hashes.get(i).equals(earlier.get(key))) {
                boolean request = key.startsWith("request:");
                var conflict = new Rejection(409, "idempotency-conflict", request ? null : "eventId",
                        "This " + (request ? "Idempotency-Key" : "eventId") + " was used before with a different body. "
                                + "Use a new key for a new request; resend the same body to retry.", Map.of());
                throw request ? conflict : conflict.at(i);
            }
        }
        return fresh;
    }

    private String hash(JsonNode node) {
        try {
            byte[] canonical = json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash an ingest body", e);
        }
    }
}
