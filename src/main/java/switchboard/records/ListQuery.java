package switchboard.records;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;

/**
 * What a list shows: search text, filters (column → value), sort column and direction, and the
 * keyset position after which the page starts ({@code afterValue}, {@code afterId}), so pages
 * stay stable while rows are added.
 */
public record ListQuery(String search, Map<String, String> filters, String sort, boolean descending, String afterValue, Long afterId) {
    static final int PAGE = 50;

    public ListQuery first() {
        return new ListQuery(search, filters, sort, descending, null, null);
    }

    ListQuery after(String value, long id) {
        return new ListQuery(search, filters, sort, descending, value, id);
    }

    /** The query string that reproduces this list (export, next page, sort links). */
    public String params() {
        var p = new LinkedHashMap<String, String>();
        if (!search.isEmpty()) {
            p.put("q", search);
        }
        filters.forEach(p::put);
        p.put("sort", sort);
        p.put("dir", descending ? "desc" : "asc");
        if (afterId != null) {
            p.put("after", cursor(afterValue, afterId));
        }
        return p.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public String sortedBy(String column) {
        boolean desc = column.equals(sort) ? !descending : false;
        return new ListQuery(search, filters, column, desc, null, null).params();
    }

    public String filter(String column) {
        return filters.getOrDefault(column, "");
    }

    static String cursor(String value, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((id + ":" + (value == null ? "" : value)).getBytes(StandardCharsets.UTF_8));
    }
}
