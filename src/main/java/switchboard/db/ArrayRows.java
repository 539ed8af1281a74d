package switchboard.db;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Rows bound as one array per column: {@code unnest(?, ?, ...) as alias(columns...)}, so a
 * {@link RenderedQuery} that inserts or updates any number of rows has one text. A shape is
 * built once beside its statement; each execution fills an {@link ArrayRows} of that shape.
 */
public final class ArrayRows {
    private final Object[] columns;
    private int size;

    /** The table of {@code columns} (name, then the column's Java type, e.g. {@code "seat", Integer.class}) under {@code alias}; its parameters are named {@code alias.column}. */
    public record Shape(Table<?> table, String alias, List<String> params, List<Class<?>> types) {
        public static Shape of(String alias, Object... columns) {
            var names = new ArrayList<String>();
            var types = new ArrayList<Class<?>>();
            var params = new ArrayList<QueryPart>();
            var template = new StringBuilder("unnest(");
            for (int i = 0; i < columns.length; i += 2) {
                names.add((String) columns[i]);
                types.add((Class<?>) columns[i + 1]);
                params.add(DSL.param(alias + "." + columns[i], ((Class<?>) columns[i + 1]).arrayType()));
                template.append(i == 0 ? "" : ", ").append('{').append(i / 2).append('}');
            }
            Table<?> table = DSL.table(template.append(')').toString(), params.toArray(QueryPart[]::new)).as(alias, names.toArray(String[]::new));
            return new Shape(table, alias, names.stream().map(n -> alias + "." + n).toList(), List.copyOf(types));
        }

        /** A column of the rows (by name: a plain-SQL table's columns are not known to jOOQ). */
        public <T> Field<T> field(String column, Class<T> type) {
            return DSL.field(DSL.name(alias, column), type);
        }
    }

    public ArrayRows(Shape shape, int rows) {
        columns = new Object[shape.types().size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Array.newInstance(shape.types().get(c), rows);
        }
    }

    /** Appends a row: one value per column, in the shape's order. */
    public void add(Object... row) {
        for (int c = 0; c < columns.length; c++) {
            Array.set(columns[c], size, row[c]);
        }
        size++;
    }

    /** The column arrays, bound in the shape's parameter order. */
    public List<Object> columns() {
        return List.of(columns);
    }
}
