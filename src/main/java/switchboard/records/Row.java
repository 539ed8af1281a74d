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

    /**
     * The row's values of its kind's list filters as a query string ({@code status=done&currency=EUR}):
     * a pushed row is rendered once for every viewer, and each list page judges by it whether the
     * row belongs under its own filters (records.js).
     */
    public String filterValues() {
        return kind.filters().stream()
                .map(f -> java.net.URLEncoder.encode(f.column(), java.nio.charset.StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(value(f.column()), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
    }
}
