package switchboard.records;

import java.util.List;

/** One change to a record from the audit trail: who (an account, or sql:&lt;role&gt;), when, what. */
public record HistoryEntry(long id, String who, String at, String op, List<FieldChange> changes) {
    /** The change to {@code column} in this entry, or null. */
    public FieldChange change(String column) {
        return changes.stream().filter(c -> c.field().equals(column)).findFirst().orElse(null);
    }
}
