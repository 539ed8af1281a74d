package switchboard.records;

/** One field of one audited change: its label, the value before and after (as text). */
public record FieldChange(String field, String label, String before, String after) {
}
