package switchboard.records;

import java.util.List;
import java.util.Map;

/**
 * A record's form as typed (values kept on refusal) with a message per field; on a conflict, the
 * other person's changes since {@code seen} (an audit entry id), and the version to save over.
 */
public record FormPage(Nav nav, Kind kind, Long id, int version, long seen, Map<String, String> values, Map<String, String> errors,
        List<ConflictLine> conflicts, List<Editor> editors, long me, String liveUrl) {
    public String value(String column) {
        return values.getOrDefault(column, "");
    }

    public String error(String column) {
        return errors.get(column);
    }

    public String action() {
        return id == null ? "/records/" + kind.slug() : "/records/" + kind.slug() + "/" + id;
    }
}
