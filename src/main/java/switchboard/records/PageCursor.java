package switchboard.records;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * The sort value a list's "next page" link carries, read back as its column's type. The link
 * comes from the URL, so anything PostgreSQL would refuse (text with NUL, a date past year 9999
 * or before year 1, 1e-99999) is refused here with IllegalArgumentException: a damaged link is
 * the client's mistake (400), not a failing query (500).
 */
final class PageCursor {
    // Only what RecordStore.sortValue writes: plain decimals of the money columns' size, years
    // 0001 to 9999 (PostgreSQL has no year 0, java.time has no bound), text without control characters.
    private static final Pattern MONEY = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final Pattern DATE = Pattern.compile("(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern TIME = Pattern.compile("(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{5,18}(Z|[+-][0-9]{2}:[0-9]{2})");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{0,4000}");

    private PageCursor() {
    }

    static Object value(Kind kind, String sort, String raw) {
        if (sort.equals("id")) {
            return Long.parseLong(raw);
        }
        Field f = kind.field(sort).orElseThrow();
        return switch (f.type()) {
            case INT -> Integer.parseInt(raw);
            case MONEY -> new BigDecimal(matching(raw, MONEY));
            case DATE -> LocalDate.parse(matching(raw, DATE));
            case TIME -> OffsetDateTime.parse(matching(raw, TIME));
            case CHOICE -> choice(raw, f);
            default -> matching(raw, TEXT);
        };
    }

    private static String choice(String raw, Field f) {
        if (!f.options().contains(raw)) {
            throw new IllegalArgumentException("not one of " + f.column() + "'s values");
        }
        return raw;
    }

    private static String matching(String raw, Pattern pattern) {
        if (!pattern.matcher(raw).matches()) {
            throw new IllegalArgumentException("not a cursor value");
        }
        return raw;
    }
}
