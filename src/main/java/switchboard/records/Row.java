package switchboard.records;

import java.util.Map;

/**
 * One record as lists and pages show it: display text per column (people and beneficiaries by
 * name). The same row template draws it on the page, in the next page and in a push.
 */
public record Row(Kind kind, long id, int version, Map<String, String> values, boolean deleted) {
    public String value(String column) {
        String v = values.get(column);
        return v == null ? "" : v;
    }

    public String title() {
        String t = value(kind.titleColumn());
        return t.isEmpty() ? kind.noun() + " #" + id : t;
    }

    /** The DOM id a pushed copy replaces. */
    public String domId() {
        return "r-" + kind.slug() + "-" + id;
    }
}
