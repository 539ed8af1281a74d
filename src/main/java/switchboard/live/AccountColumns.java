package switchboard.live;

import java.util.List;
import org.jooq.Field;
import org.jooq.Record;

/**
 * Values a request asks to have read in the same statement as its signed-in account, so that
 * they cost no query of their own: {@code /live} reads its topic rights with the session row
 * (see {@link LiveEndpoint#accountColumns}). Whoever reads the account adds {@link #fields} to
 * its select, built on its own account id column, and hands the row back to {@link #read}.
 */
public interface AccountColumns {
    /** The columns to add; {@code account} is the account id column of the statement they join. */
    List<Field<?>> fields(Field<Long> account);

    /** The row read, for the account it names; not called when the statement found no account. */
    void read(long account, Record row);
}
