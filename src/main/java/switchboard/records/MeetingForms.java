package switchboard.records;

import java.util.List;
import java.util.Map;

/**
 * A meeting's two sub-item forms (a decision; an action item under one of its decisions), as
 * typed, with a message per field, and the version they were opened at: a save from an older
 * version is refused. They sit outside the page's live region, so a push never clears them.
 */
public record MeetingForms(long meeting, List<Decision> decisions, int version, long seen, Map<String, String> values, Map<String, String> errors) {
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public String error(String field) {
        return errors.get(field);
    }
}
