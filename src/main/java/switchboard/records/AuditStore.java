package switchboard.records;

import static switchboard.db.jooq.Tables.RECORD_AUDIT;
import static switchboard.db.jooq.Tables.USERS;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import switchboard.web.Json;

/** The audit trail the triggers write (V11__records.sql), read back as field-level changes. */
final class AuditStore {
    private static final Set<String> HIDDEN = Set.of("id", "created_at", "deleted_at");
    private final DSLContext sql;

    AuditStore(DSLContext sql) {
        this.sql = sql;
    }

    /** The record's history, newest first, after audit entry {@code after} (0: all of it). */
    List<HistoryEntry> history(Kind kind, long id, long after) {
        var entries = sql.select(RECORD_AUDIT.ID, RECORD_AUDIT.WHO, RECORD_AUDIT.AT, RECORD_AUDIT.OP, RECORD_AUDIT.CHANGES.cast(String.class).as("diff"))
                .from(RECORD_AUDIT)
                .where(RECORD_AUDIT.KIND.eq(kind.slug()))
                .and(RECORD_AUDIT.RECORD_ID.eq(id))
                .and(RECORD_AUDIT.ID.gt(after))
                .orderBy(RECORD_AUDIT.ID.desc())
                .limit(100)
                .fetch(r -> new HistoryEntry(r.get(RECORD_AUDIT.ID), r.get(RECORD_AUDIT.WHO), RecordStore.shown(r.get(RECORD_AUDIT.AT)),
                        r.get(RECORD_AUDIT.OP), changes(kind, r.get("diff", String.class))));
        return named(kind, entries);
    }

    /**
     * The entries with each account field's ids (assignee, handler, organizer) shown as the
     * usernames the form takes: "Assignee: 4 → 7" said nothing to a person. One query for all.
     */
    private List<HistoryEntry> named(Kind kind, List<HistoryEntry> entries) {
        var ids = new java.util.HashSet<Long>();
        entries.forEach(e -> e.changes().stream().filter(c -> isAccount(kind, c)).forEach(c -> {
            for (String v : new String[] {c.before(), c.after()}) {
                if (v.matches("\\d{1,18}")) {
                    ids.add(Long.parseLong(v));
                }
            }
        }));
        if (ids.isEmpty()) {
            return entries;
        }
        Map<String, String> names = sql.select(USERS.ID, USERS.USERNAME).from(USERS).where(USERS.ID.in(ids))
                .fetchMap(r -> String.valueOf(r.get(USERS.ID)), r -> r.get(USERS.USERNAME));
        return entries.stream().map(e -> new HistoryEntry(e.id(), e.who(), e.at(), e.op(), e.changes().stream()
                .map(c -> isAccount(kind, c) ? new FieldChange(c.field(), c.label(), names.getOrDefault(c.before(), c.before()),
                        names.getOrDefault(c.after(), c.after())) : c)
                .toList())).toList();
    }

    private static boolean isAccount(Kind kind, FieldChange change) {
        return kind.field(change.field()).filter(f -> f.type() == Field.Type.ACCOUNT).isPresent();
    }

    /** Who changed the record last, as its history names them. */
    java.util.Optional<String> lastBy(Kind kind, long id) {
        return sql.select(RECORD_AUDIT.WHO).from(RECORD_AUDIT)
                .where(RECORD_AUDIT.KIND.eq(kind.slug())).and(RECORD_AUDIT.RECORD_ID.eq(id))
                .orderBy(RECORD_AUDIT.ID.desc()).limit(1).fetchOptional(RECORD_AUDIT.WHO);
    }

    /** The last audit entry of the record: a form remembers it to show what changed after. */
    long last(Kind kind, long id) {
        Long last = sql.select(DSL.max(RECORD_AUDIT.ID)).from(RECORD_AUDIT)
                .where(RECORD_AUDIT.KIND.eq(kind.slug())).and(RECORD_AUDIT.RECORD_ID.eq(id)).fetchOne(0, Long.class);
        return last == null ? 0 : last;
    }

    private static List<FieldChange> changes(Kind kind, String json) {
        var out = new ArrayList<FieldChange>();
        try {
            Map<String, JsonNode> diff = Json.MAPPER.readValue(json, new TypeReference<>() { });
            diff.forEach((column, pair) -> {
                String before = text(pair.get(0));
                String after = text(pair.get(1));
                // A new record's empty fields are no change worth showing.
                if (!HIDDEN.contains(column) && !before.equals(after)) {
                    String label = kind.field(column).map(Field::label).orElse(column.replace('_', ' '));
                    out.add(new FieldChange(column, label, before, after));
                }
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit entry", e);
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.isTextual() ? node.asText() : node.toString();
    }
}
