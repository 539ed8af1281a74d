package switchboard.db;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A statement (or several, run as one) built with jOOQ and the generated tables once, with named
 * parameters for its values, and rendered to SQL once; each execution binds new values to that
 * text through jOOQ's plain-SQL API, so the execute listeners still count it and its errors are
 * the same {@code DataAccessException}s with their SQL states. On the ingest path jOOQ rendering
 * the same few statements again on every request was half of jOOQ's CPU and about a fifth of
 * the node's. Lists are bound as arrays ({@code = any(?)}, {@code unnest(?, ?)}), so one
 * statement has one text whatever the number of rows, and pgjdbc's per-connection cache of
 * prepared statements (server-side after five uses) sees the same text every time.
 */
public final class RenderedQuery {
    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES);
    private final String sql;
    private final List<Field<?>> fields;

    private RenderedQuery(String sql, List<Field<?>> fields) {
        this.sql = sql;
        this.fields = fields;
    }

    /**
     * Renders {@code query}, whose values are the named parameters {@code params} in the order
     * jOOQ binds them (checked here, at start, so a reordered clause cannot bind a value to the
     * wrong column); {@code fields} are the columns its rows are read as (none for no rows).
     */
    public static RenderedQuery of(QueryPart query, List<? extends Field<?>> fields, String... params) {
        var bound = List.copyOf(RENDERER.extractParams(query).keySet());
        if (!bound.equals(List.of(params))) {
            throw new IllegalArgumentException("the statement binds " + bound + ", not " + List.of(params) + ": " + RENDERER.render(query));
        }
        return new RenderedQuery(RENDERER.render(query), List.copyOf(fields));
    }

    /** Runs the statement with {@code values}, one per parameter in order; the first statement's update count. */
    public int execute(DSLContext tx, Object... values) {
        return tx.execute(sql, values);
    }

    /** Runs the statement with {@code values}; its rows read as the fields it was rendered with. */
    public Result<Record> fetch(DSLContext tx, Object... values) {
        return tx.resultQuery(sql, values).coerce(fields).fetch();
    }

    /** The rendered text, for tests and logs. */
    public String sql() {
        return sql;
    }
}
