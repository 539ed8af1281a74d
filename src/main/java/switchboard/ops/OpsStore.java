package switchboard.ops;

import static switchboard.db.jooq.Tables.API_KEYS;
import static switchboard.db.jooq.Tables.CHANGE_LOG;
import static switchboard.db.jooq.Tables.INGEST_KEYS;
import static switchboard.db.jooq.Tables.NODE_DELIVERIES;
import static switchboard.db.jooq.Tables.NODE_REPORTS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** The node reports and event traces behind {@code /admin/ops}. */
final class OpsStore {
    /** Reports kept for the sparklines; older ones are deleted by whichever node reports next. */
    static final Duration KEPT = Duration.ofMinutes(10);
    /** Per-seq delivery counts written with one report at most: a busy node keeps the newest. */
    private static final int MAX_DELIVERY_ROWS = 5_000;

    private final DSLContext sql;

    OpsStore(DSLContext sql) {
        this.sql = sql;
    }

    static void report(DSLContext tx, String nodeId, NodeFigures f, Map<Long, Long> deliveries) {
        report(tx, nodeId, f, deliveries, false);
    }

    /** {@code stopped}: the node's last report, written as it stops on purpose. */
    static void report(DSLContext tx, String nodeId, NodeFigures f, Map<Long, Long> deliveries, boolean stopped) {
        tx.insertInto(NODE_REPORTS)
                .set(NODE_REPORTS.NODE_ID, nodeId)
                .set(NODE_REPORTS.STOPPED, stopped)
                .set(NODE_REPORTS.STREAMS, f.streams())
                .set(NODE_REPORTS.EVENTS_PER_SECOND, f.eventsPerSecond())
                .set(NODE_REPORTS.DELIVERY_P50_MS, f.deliveryP50Ms())
                .set(NODE_REPORTS.DELIVERY_P99_MS, f.deliveryP99Ms())
                .set(NODE_REPORTS.LISTENER_LAG_MS, f.listenerLagMs())
                .set(NODE_REPORTS.DROPPED_STREAMS, f.droppedStreams())
                .set(NODE_REPORTS.ERRORS, f.errors())
                .execute();
        if (!deliveries.isEmpty()) {
            var insert = tx.insertInto(NODE_DELIVERIES, NODE_DELIVERIES.NODE_ID, NODE_DELIVERIES.SEQ, NODE_DELIVERIES.STREAMS);
            var newest = new ArrayList<>(deliveries.entrySet());
            for (var e : newest.subList(Math.max(0, newest.size() - MAX_DELIVERY_ROWS), newest.size())) {
                insert = insert.values(nodeId, e.getKey(), (int) Math.min(Integer.MAX_VALUE, e.getValue()));
            }
            insert.execute();
        }
        tx.deleteFrom(NODE_REPORTS).where(NODE_REPORTS.AT.lt(DSL.field("clock_timestamp() - {0}::interval", NODE_REPORTS.AT.getType(), interval(KEPT)))).execute();
        tx.deleteFrom(NODE_DELIVERIES).where(NODE_DELIVERIES.AT.lt(DSL.field("clock_timestamp() - {0}::interval", NODE_DELIVERIES.AT.getType(), interval(KEPT)))).execute();
    }

    /** Every node that reported in the last ten minutes, with its reports oldest first. */
    Map<String, List<NodeSample>> samples() {
        Field<Double> age = DSL.field("extract(epoch from clock_timestamp() - {0})", Double.class, NODE_REPORTS.AT);
        var byNode = new LinkedHashMap<String, List<NodeSample>>();
        sql.select(NODE_REPORTS.NODE_ID, age, NODE_REPORTS.STOPPED, NODE_REPORTS.STREAMS, NODE_REPORTS.EVENTS_PER_SECOND, NODE_REPORTS.DELIVERY_P50_MS,
                        NODE_REPORTS.DELIVERY_P99_MS, NODE_REPORTS.LISTENER_LAG_MS, NODE_REPORTS.DROPPED_STREAMS, NODE_REPORTS.ERRORS)
                .from(NODE_REPORTS)
                .orderBy(NODE_REPORTS.NODE_ID, NODE_REPORTS.AT)
                .fetch(Records.mapping((node, ageSeconds, stopped, streams, eps, p50, p99, lag, dropped, errors) -> Map.entry(node,
                        new NodeSample(ageSeconds, stopped, new NodeFigures(streams, eps, p50, p99, lag, dropped, errors)))))
                .forEach(e -> byNode.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byNode;
    }

    /** The ingest requests (Idempotency-Key) and events (eventId) named {@code key}, newest first. */
    List<EventTrace> trace(String key) {
        var claims = sql.select(INGEST_KEYS.IDEM_KEY, API_KEYS.NAME, INGEST_KEYS.CREATED_AT, INGEST_KEYS.TXID)
                .from(INGEST_KEYS)
                .join(API_KEYS).on(API_KEYS.ID.eq(INGEST_KEYS.API_KEY_ID))
                .where(INGEST_KEYS.IDEM_KEY.in("request:" + key, "event:" + key))
                .orderBy(INGEST_KEYS.CREATED_AT.desc())
                .limit(10)
                .fetch();
        var traces = new ArrayList<EventTrace>();
        for (var claim : claims) {
            Long txid = claim.get(INGEST_KEYS.TXID);
            var received = claim.get(INGEST_KEYS.CREATED_AT);
            List<TracedChange> changes = txid == null ? List.of() : sql.select(CHANGE_LOG.SEQ, CHANGE_LOG.TOPIC, CHANGE_LOG.KIND, CHANGE_LOG.AT)
                    .from(CHANGE_LOG)
                    // The transaction committed after it claimed the key: the range keeps the index on at usable.
                    .where(CHANGE_LOG.AT.between(received.minusSeconds(1), received.plusMinutes(10)))
                    .and(CHANGE_LOG.TXID.eq(txid))
                    .orderBy(CHANGE_LOG.SEQ)
                    .fetch(Records.mapping(TracedChange::new));
            List<NodeDeliveries> deliveries = changes.isEmpty() ? List.of() : sql.select(NODE_DELIVERIES.NODE_ID, DSL.sum(NODE_DELIVERIES.STREAMS).cast(Long.class))
                    .from(NODE_DELIVERIES)
                    .where(NODE_DELIVERIES.SEQ.in(changes.stream().map(TracedChange::seq).toList()))
                    .groupBy(NODE_DELIVERIES.NODE_ID)
                    .orderBy(NODE_DELIVERIES.NODE_ID)
                    .fetch(Records.mapping(NodeDeliveries::new));
            String idem = claim.get(INGEST_KEYS.IDEM_KEY);
            traces.add(new EventTrace(idem.startsWith("request:") ? "Idempotency-Key" : "eventId", claim.get(API_KEYS.NAME), received, txid != null,
                    changes, deliveries));
        }
        return traces;
    }

    private static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }
}
