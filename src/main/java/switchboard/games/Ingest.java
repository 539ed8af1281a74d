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
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import switchboard.web.IngestProblem;
import switchboard.web.IngestTypes;

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
    private final List<IngestTypes> otherTypes;

    Ingest(DSLContext sql, ObjectMapper json, List<IngestTypes> otherTypes) {
        this.sql = sql;
        this.json = json;
        this.otherTypes = List.copyOf(otherTypes);
    }

    /** The other feature that applies events of {@code type}, if one does. */
    java.util.Optional<IngestTypes> otherType(String type) {
        return otherTypes.stream().filter(t -> type != null && type.startsWith(t.prefix())).findFirst();
    }

    /** Every event type the API takes: the poker events and the other features'. */
    java.util.Set<String> knownTypes() {
        var known = new java.util.TreeSet<>(IngestEvent.TYPES);
        otherTypes.forEach(t -> known.addAll(t.types()));
        return known;
    }

    /** The request's events, parsed; the caller has checked the body is an object or array. */
    record Request(long apiKeyId, String idempotencyKey, JsonNode body, List<IngestEvent> events) {
    }

    /** Commits the events; returns how many were new (0 for a retry of an accepted request). */
    int accept(Request request) {
        return accept(List.of(request))[0];
    }

    /**
     * Commits several requests' events in one transaction, all or nothing ({@link IngestGroups});
     * returns how many of each request's events were new. A refusal of any one fails them all.
     */
    int[] accept(List<Request> requests) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sql.transactionResult(tx -> apply(tx.dsl(), requests));
            } catch (DataAccessException e) {
                if (attempt < MAX_ATTEMPTS && RETRIED.contains(e.sqlState()) && !(e.getCause() instanceof Rejection || e.getCause() instanceof IngestProblem)) {
                    pause(attempt);
                    continue;
                }
                throw refusal(e);
            } catch (IngestProblem problem) {
                throw problem(problem);
            }
        }
    }

    /**
     * Deadlock, serialization failure and a unique key taken meanwhile (two servers opening one
     * table): the transaction was rolled back whole, so running it again is safe. Run again, a
     * request that lost a race meets the winner's row and gets the rules' answer: a 409 naming the
     * event and the version the table expects (an outside review got one with neither). Batches of wagers can
     * lock customers' and wagers' rows in different orders (the KPI buckets cannot deadlock,
     * V17); the database picks a victim after deadlock_timeout and the victim comes here.
     */
    private static final java.util.Set<String> RETRIED = java.util.Set.of("40P01", "40001", "23505");
    private static final int MAX_ATTEMPTS = 10;

    /** A short random pause that grows with the attempt, so the two sides of a deadlock do not meet again at once. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an ingest transaction", e);
        }
    }

    /** What a failed transaction tells the client: its rule's refusal, or a conflict, or (unexpected) the failure itself. */
    private static RuntimeException refusal(DataAccessException e) {
        if (e.getCause() instanceof Rejection rejection) {
            return rejection;
        }
        if (e.getCause() instanceof IngestProblem problem) {
            return problem(problem);
        }
        if ("42501".equals(e.sqlState())) { // V24: the key was revoked after the request's headers were checked
            return new Rejection(401, "unauthenticated", null, "This API key was revoked while the request was on its way; nothing of it was stored. "
                    + "Ask an admin for a new key at /admin/keys.", Map.of());
        }
        if ("23505".equals(e.sqlState())) {
            // Two requests opened the same new table at once, under different keys: one lost.
            return new Rejection(409, "version-conflict", "version", "The table was changed by another request at the same moment; reload its version and resend.", Map.of());
        }
        return e;
    }

    private static Rejection problem(IngestProblem p) {
        var rejection = new Rejection(p.status(), p.status() == 422 ? "rule-violation" : "bad-event", p.field(), p.getMessage(), Map.of());
        return p.index() < 0 ? rejection : rejection.at(p.index());
    }

    private int[] apply(DSLContext tx, List<Request> requests) {
        var events = new ArrayList<IngestEvent>();
        var owners = new ArrayList<Integer>();
        for (int r = 0; r < requests.size(); r++) {
            events.addAll(requests.get(r).events());
            owners.addAll(java.util.Collections.nCopies(requests.get(r).events().size(), r));
        }
        List<Integer> all = claimFresh(tx, requests);
        int[] applied = new int[requests.size()];
        all.forEach(i -> applied[owners.get(i)]++);
        List<Integer> fresh = all.stream().filter(i -> events.get(i).tableId() != null).toList();
        for (IngestTypes type : otherTypes) {
            var mine = all.stream().filter(i -> events.get(i).tableId() == null && events.get(i).type().startsWith(type.prefix()))
                    .map(i -> new IngestTypes.Indexed(i, events.get(i).json())).toList();
            if (!mine.isEmpty()) {
                type.apply(tx, mine);
            }
        }
        Map<String, TableState> tables = TableStore.lock(tx, new TreeSet<>(fresh.stream().map(i -> events.get(i).tableId()).toList()));
        Set<String> created = new HashSet<>();
        tables.forEach((id, table) -> {
            if (table == null) {
                created.add(id);
            }
        });
        var log = new ArrayList<TableStore.Logged>();
        for (int index : fresh) {
            log.add(play(tables, events.get(index), index));
        }
        var writes = new ArrayList<org.jooq.Query>();
        tables.forEach((id, table) -> writes.addAll(TableStore.save(tx, table, created.contains(id))));
        if (!log.isEmpty()) {
            writes.add(TableStore.log(tx, log));
        }
        TableStore.write(tx, writes);
        return applied;
    }

    /** An idempotency key to claim, for the events {@code from} (inclusive) to {@code to} of the transaction's list. */
    private record Claim(long apiKeyId, String key, String hash, int index, int from, int to) {
        String id() {
            return id(apiKeyId, key);
        }

        /** A claimed row's identity, as the claims and the rows read back are matched by it. */
        static String id(org.jooq.Record row) {
            return id(row.get(INGEST_KEYS.API_KEY_ID), row.get(INGEST_KEYS.IDEM_KEY));
        }

        private static String id(long apiKeyId, String key) {
            return apiKeyId + " " + key;
        }
    }

    /**
     * Claims every request's key (or each of its events'), returning the indexes, in the
     * transaction's list of all the requests' events, of the events not applied before.
     */
    private List<Integer> claimFresh(DSLContext tx, List<Request> requests) {
        var claims = new ArrayList<Claim>();
        int offset = 0;
        for (Request request : requests) {
            List<IngestEvent> events = request.events();
            if (request.idempotencyKey() != null) {
                claims.add(new Claim(request.apiKeyId(), "request:" + request.idempotencyKey(), hash(request.body()), -1, offset, offset + events.size()));
            } else {
                for (int i = 0; i < events.size(); i++) {
                    claims.add(new Claim(request.apiKeyId(), "event:" + events.get(i).eventId(), hash(events.get(i).json()), i, offset + i, offset + i + 1));
                }
            }
            offset += events.size();
        }
        boolean[] claimed = claim(tx, claims);
        List<Integer> fresh = new ArrayList<>();
        for (int c = 0; c < claims.size(); c++) {
            for (int i = claims.get(c).from(); claimed[c] && i < claims.get(c).to(); i++) {
                fresh.add(i);
            }
        }
        return fresh;
    }

    /** Applies one event to its (locked) table; a rule it breaks is reported at its index in the request. */
    private static TableStore.Logged play(Map<String, TableState> tables, IngestEvent e, int index) {
        try {
            TableState table = PokerRules.apply(tables.get(e.tableId()), e);
            tables.put(e.tableId(), table);
            String summary = PokerRules.play(table, e);
            return new TableStore.Logged(e.tableId(), table.version, e.type(), table.handNo == 0 ? null : table.handNo, summary);
        } catch (Rejection r) {
            throw r.at(index);
        }
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
    private boolean[] claim(DSLContext tx, List<Claim> claims) {
        var insert = tx.insertInto(INGEST_KEYS, INGEST_KEYS.API_KEY_ID, INGEST_KEYS.IDEM_KEY, INGEST_KEYS.BODY_HASH);
        for (Claim c : claims) {
            insert = insert.values(c.apiKeyId(), c.key(), c.hash());
        }
        var inserted = new HashSet<>(insert.onConflictDoNothing()
                .returning(INGEST_KEYS.API_KEY_ID, INGEST_KEYS.IDEM_KEY)
                .fetch(Claim::id));
        Map<String, String> earlier = inserted.size() == claims.size() ? new HashMap<>() : tx.select(INGEST_KEYS.API_KEY_ID, INGEST_KEYS.IDEM_KEY, INGEST_KEYS.BODY_HASH)
                .from(INGEST_KEYS)
                .where(earlierClaims(claims))
                .fetchMap(Claim::id, r -> r.get(INGEST_KEYS.BODY_HASH));
        boolean[] fresh = new boolean[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            if (inserted.remove(claim.id())) {
                fresh[i] = true;
                earlier.put(claim.id(), claim.hash());
            } else if (!claim.hash().equals(earlier.get(claim.id()))) {
                boolean request = claim.index() < 0;
                var conflict = new Rejection(409, "idempotency-conflict", request ? null : "eventId",
                        "This " + (request ? "Idempotency-Key" : "eventId") + " was used before with a different body. "
                                + "Use a new key for a new request; resend the same body to retry.", Map.of());
                throw request ? conflict : conflict.at(claim.index());
            }
        }
        return fresh;
    }

    /**
     * The claims' rows, as one {@code api_key_id = ? and idem_key = any(?)} per API key: a row-value
     * IN list of a group's hundreds of keys was planned as a sequential scan testing every row
     * against every pair (a retried batch took a second), where this uses the primary key.
     */
    private static org.jooq.Condition earlierClaims(List<Claim> claims) {
        var byKey = new java.util.TreeMap<Long, List<String>>();
        claims.forEach(c -> byKey.computeIfAbsent(c.apiKeyId(), k -> new ArrayList<>()).add(c.key()));
        return DSL.or(byKey.entrySet().stream().map(e -> INGEST_KEYS.API_KEY_ID.eq(e.getKey()).and(INGEST_KEYS.IDEM_KEY.in(e.getValue()))).toList());
    }

    /**
     * The body's fingerprint for idempotency. Keys are sorted at every level first, so a retry
     * whose JSON names the same fields in another order is the same request, not a 409.
     */
    private String hash(JsonNode node) {
        try {
            byte[] canonical = json.writeValueAsString(canonical(node)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash an ingest body", e);
        }
    }

    private JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            var sorted = json.createObjectNode();
            var names = new TreeSet<String>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> sorted.set(name, canonical(node.get(name))));
            return sorted;
        }
        if (node.isArray()) {
            var items = json.createArrayNode();
            node.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return node;
    }
}
