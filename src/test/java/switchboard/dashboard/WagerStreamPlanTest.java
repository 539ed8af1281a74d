package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/**
 * The wager stream, sorted by the last change (V27), is read by an index walk and never by a
 * scan of wagers: over KpiHistoryTest's 3,000 wagers of the last 26 hours, 60 % changed later.
 */
class WagerStreamPlanTest {
    @Test
    void everyViewOfTheStreamWalksAnIndexNeverAllWagers() {
        try (Switchboard node = TestNode.start(TestDatabase.fresh())) {
            var sql = node.database().sql();
            sql.execute("insert into agents (id, name) values ('hist0', 'History 0'), ('hist1', 'History 1')");
            sql.execute("insert into customers (id, agent_id) select 'hc-' || i, 'hist' || (i % 2) from generate_series(0, 59) i");
            sql.execute("""
                    insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market, placed_at, updated_at)
                    select 'hist-' || i, 'hc-' || (i % 60), 'hist' || (i % 2), (array['EUR', 'USD', 'JPY'])[1 + i % 3], s, 2.5, s * 2.5, 'History', p, p
                    from (select i, (1 + i % 400)::numeric as s, now() - (i % 1560) * interval '1 minute' as p from generate_series(1, 3000) i) x
                    """);
            sql.execute("""
                    update wagers set status = 'lost', updated_at = least(placed_at + (id % 180) * interval '1 minute', now())
                    where id % 5 < 3
                    """);
            sql.execute("analyze wagers");
            var store = new DashboardStore(sql);
            for (String agent : new String[] {null, "hist1"}) {
                for (String status : new String[] {null, "lost"}) {
                    String plan = sql.explain(store.recentWagersQuery(agent, status, status == null ? null : "EUR", status == null ? null : BigDecimal.TEN)).plan();
                    assertFalse(plan.contains("Seq Scan"), agent + " " + status + ":\n" + plan);
                    assertTrue(plan.contains(agent == null ? "wagers_updated" : "wagers_agent_updated"), agent + " " + status + ":\n" + plan);
                    assertFalse(plan.contains("Sort"), "the index gives the order: " + plan);
                }
            }
        }
    }
}
