package switchboard.records;

import org.jooq.DSLContext;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import switchboard.web.Json;

/**
 * A list's count that never holds its rows up: counting stops at {@link #EXACT_UP_TO} rows (an
 * scan of a thousand entries at most); above it the planner's estimate (EXPLAIN, from the
 * table's statistics) is shown, and an exact count only when asked for, under a statement timeout.
 */
final class CountStore {
    static final int EXACT_UP_TO = 1000;
    private final DSLContext sql;

    CountStore(DSLContext sql) {
        this.sql = sql;
    }

    Count count(Kind kind, ListQuery query, boolean exactWanted) {
        var where = RecordTables.conditions(kind, query);
        if (exactWanted) {
            return sql.transactionResult(cfg -> {
                DSL.using(cfg).execute("set local statement_timeout = '10s'");
                return new Count(DSL.using(cfg).fetchCount(RecordTables.table(kind), where), true, EXACT_UP_TO);
            });
        }
        int capped = sql.fetchCount(sql.selectOne().from(RecordTables.table(kind)).where(where).limit(EXACT_UP_TO + 1));
        if (capped <= EXACT_UP_TO) {
            return new Count(capped, true, EXACT_UP_TO);
        }
        return new Count(estimate(kind, where), false, EXACT_UP_TO);
    }

    private long estimate(Kind kind, org.jooq.Condition where) {
        String explain = "explain (format json) " + sql.selectOne().from(RecordTables.table(kind)).where(where).getSQL(ParamType.INLINED);
        try {
            var plan = Json.MAPPER.readTree(sql.fetchValue(explain).toString());
            return plan.get(0).get("Plan").get("Plan Rows").asLong();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable plan", e);
        }
    }
}
