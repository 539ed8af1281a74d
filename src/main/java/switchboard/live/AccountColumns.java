package switchboard.live;

import java.util.List;
import org.jooq.Field;
import org.jooq.Record;

/**
 * Values a request asks to have read in the same statement as its signed-in account, so that
 * they cost no query of their own: {@code /live} reads its topic rights with the session row
 * (see {@link LiveEndpoint#accountColumns}). Whoever reads the account adds {@link #fields} to
 * its select, built on its own account id column, and hands the row back to {@link #read}.
 *
 * <p>The statement is rendered once per {@link #shape} and run again with new values: the
 * columns take every value that varies from request to request as a named parameter, whose
 * value {@link #bind} gives.
 */
public interface AccountColumns {
    /** Requests of equal shapes add the same columns, with the same parameters. */
    Object shape();

    /**
     * The columns to add, built once per shape: {@code account} is the account id column of the
     * statement they join; every value they compare with is a named parameter ({@code DSL.param}).
     */
    List<Field<?>> fields(Field<Long> account);

    /** This request's value of a parameter that {@link #fields} named. */
    Object bind(String parameter);

    /**
     * The row read, for the account it names; not called when the statement found no account. The
     * row holds the columns of a statement of this shape: find them by name.
     */
    void read(long account, Record row);
}
