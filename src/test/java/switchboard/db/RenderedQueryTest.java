package switchboard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;

/** A statement rendered once takes new values on every run, and any number of rows as arrays. */
class RenderedQueryTest {
    private static final ArrayRows.Shape ROWS = ArrayRows.Shape.of("r", "n", Long.class, "label", String.class, "flag", Boolean.class);

    @Test
    void oneTextTakesAnyNumberOfRowsAsArraysNullsIncluded() throws Exception {
        var query = RenderedQuery.of(DSL.select(ROWS.field("n", Long.class), ROWS.field("label", String.class), ROWS.field("flag", Boolean.class))
                .from(ROWS.table())
                .where(ROWS.field("n", Long.class).gt(DSL.param("least", Long.class))),
                List.of(DSL.field("n", Long.class), DSL.field("label", String.class), DSL.field("flag", Boolean.class)),
                "r.n", "r.label", "r.flag", "least");
        try (var connection = TestDatabase.connect(TestDatabase.fresh())) {
            var sql = DSL.using(connection, SQLDialect.POSTGRES);
            for (int size : new int[] {0, 1, 3}) {
                var rows = new ArrayRows(ROWS, size);
                for (long n = 1; n <= size; n++) {
                    rows.add(n, n == 2 ? null : "row " + n, n % 2 == 0);
                }
                var values = new java.util.ArrayList<Object>(rows.columns());
                values.add(0L);
                var result = query.fetch(sql, values.toArray());
                assertEquals(size, result.size(), query.sql());
                if (size == 3) {
                    assertEquals(List.of("row 1", "", "row 3"), result.map(r -> r.get("label", String.class) == null ? "" : r.get("label", String.class)));
                    assertEquals(List.of(false, true, false), result.getValues("flag", Boolean.class));
                }
            }
        }
    }

    @Test
    void aStatementWhoseValuesBindInAnotherOrderIsRefusedAtStart() {
        var query = DSL.select(DSL.param("first", Long.class), DSL.param("second", String.class));
        assertThrows(IllegalArgumentException.class, () -> RenderedQuery.of(query, List.of(), "second", "first"));
    }
}
