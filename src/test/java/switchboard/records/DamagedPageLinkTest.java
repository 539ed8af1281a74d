package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/** A crafted or truncated "next page" link is a 400 that says what to do, on every sortable column of every kind; never a 500. */
class DamagedPageLinkTest extends AdminNodeTest {
    private static final List<String> TEXT = List.of("\0", "a\u0001b", "x\u007f", "\u0000\u0000");
    private static final List<String> DATES = List.of("+999999999-12-31", "-4714-01-01", "0000-01-01", "2026-13-01", "");
    private static final List<String> TIMES = List.of("+999999999-01-01T00:00Z", "-4714-01-01T00:00Z", "0000-01-01T00:00Z", "2026-01-01T25:00Z", "");
    private static final List<String> NUMBERS = List.of("1e-99999", "1E5", "0." + "0".repeat(200) + "1", "NaN", "1" + "0".repeat(40), "", "\0");
    private static final List<String> IDS = List.of("abc", "1e3", "99999999999999999999", "", "\0");

    private static String link(String id, String value) {
        return Base64.getUrlEncoder().encodeToString((id + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyDamagedCursorOnEverySortableColumnIsA400WithAMessage() {
        var failures = new ArrayList<String>();
        assertEquals(400, admin.get("/records/beneficiaries?sort=name&after=MToA").statusCode(), "the reported link, base64 of 1:NUL");
        for (Kind kind : Kind.values()) {
            var columns = new ArrayList<Field>(kind.fields().stream().filter(Field::sortable).toList());
            for (String column : columns.stream().map(Field::column).toList()) {
                Field f = kind.field(column).orElseThrow();
                var bad = switch (f.type()) {
                    case DATE -> DATES;
                    case TIME -> TIMES;
                    case MONEY, INT -> NUMBERS;
                    case CHOICE -> List.of("\0", "not-an-option", "");
                    default -> TEXT;
                };
                for (String value : bad) {
                    check(failures, kind, column, link("1", value));
                }
                check(failures, kind, column, link("abc", "x"));
            }
            for (String id : IDS) {
                check(failures, kind, "id", link("1", id));
            }
            for (String dir : List.of("asc", "desc")) {
                check(failures, kind, "id&dir=" + dir, "@@not-base64@@");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(List<String> failures, Kind kind, String sort, String after) {
        String path = "/records/" + kind.slug() + "?sort=" + sort + "&after=" + after;
        var answer = admin.get(path);
        if (answer.statusCode() != 400 || !answer.body().contains("This page link is damaged; go back to the first page")) {
            failures.add(path + " answered " + answer.statusCode() + ": " + answer.body().substring(0, Math.min(200, answer.body().length())));
        }
    }

    @Test
    void aGoodCursorStillReadsTheNextPage() {
        for (Kind kind : Kind.values()) {
            for (Field f : kind.fields().stream().filter(Field::sortable).toList()) {
                String value = switch (f.type()) {
                    case DATE -> "2026-11-01";
                    case TIME -> "2026-11-01T10:00Z";
                    case MONEY -> "-12.50";
                    case INT -> "3";
                    case CHOICE -> f.options().getFirst();
                    default -> "Ayşe, \"Kaya\"";
                };
                String path = "/records/" + kind.slug() + "?sort=" + f.column() + "&after=" + link("5", value);
                assertEquals(200, admin.get(path).statusCode(), path);
            }
        }
    }
}
