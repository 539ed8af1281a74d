package switchboard.records;

import java.util.List;
import java.util.Map;

/**
 * A meeting's sub-item forms (a decision; an action item under one of its decisions; an edit or
 * removal of each), as typed, with a message per field, and the version they were opened at: a
 * save from an older version is refused. {@code editing} names the form the typed values belong
 * to ({@code decision:12}, {@code item:7}, or null for the two add forms). They sit outside the
 * page's live region, so a push never clears them.
 */
public record MeetingForms(long meeting, List<Decision> decisions, int version, long seen, Map<String, String> values, Map<String, String> errors, String editing) {
    public String value(String field) {
        return editing == null ? values.getOrDefault(field, "") : "";
    }

    public String error(String field) {
        return editing == null ? errors.get(field) : null;
    }

    /** What the edit form {@code form} shows in {@code field}: what was typed there, else the saved value. */
    public String value(String form, String field, String saved) {
        return form.equals(editing) ? values.getOrDefault(field, "") : saved;
    }

    public String error(String form, String field) {
        return form.equals(editing) ? errors.get(field) : null;
    }
}
