package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;

/**
 * The tiles over a history (V19's rollups): every figure a tile shows, and the "same time
 * yesterday" each change is against, equal a recomputation from the wagers themselves, with
 * wagers placed and settled over the last 26 hours (so across yesterday and today, the hour
 * that holds this time yesterday and many hour boundaries), loaded out of order through the
 * trigger; and on a database that had the history before V19 (its backfill; V17 is the last migration before it here,
 * V18 being another branch's).
 */
class KpiHistoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Wagers over the last 26 hours for agents hist0 and hist1, denser around this time yesterday and in the last hour, inserted in random order, 60 % settled later. */
    private static void loadHistory(DSLContext sql) {
        sql.execute("select setseed(0.14)");
        sql.execute("insert into agents (id, name) values ('hist0', 'History 0'), ('hist1', 'History 1') on conflict do nothing");
        sql.execute("insert into customers (id, agent_id) select 'hc-' || i, 'hist' || (i % 2) from generate_series(0, 59) i on conflict do nothing");
        sql.execute("""
                insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market, placed_at, updated_at)
                select 'hist-' || i, 'hc-' || c, 'hist' || (c % 2), (array['EUR', 'USD', 'JPY'])[1 + i % 3], s, 2.5, s * 2.5, 'History', p, p
                from (select i, floor(random() * 60)::int as c, (1 + floor(random() * 400))::numeric(18, 2) as s,
                             case i % 3 when 0 then now() - random() * interval '26 hours'
                                        when 1 then now() - interval '1 day' + (random() - 0.5) * interval '80 minutes'
                                        else now() - random() * interval '80 minutes' end as p
                      from generate_series(1, 3000) i) x
                order by random()
                """);
        sql.execute("""
                update wagers set status = (array['lost', 'won', 'void', 'cancelled'])[1 + id % 4],
                                  payout = case id % 4 when 1 then potential_payout when 2 then stake end,
                                  updated_at = least(placed_at + random() * interval '3 hours', now())
                where ref like 'hist-%' and random() < 0.6
                """);
    }

    @Test
    void aTileOverADayOfHistoryEqualsTheRecomputationFromTheWagers() {
        DatabaseUrl url = TestDatabase.fresh();
        try (Switchboard node = TestNode.start(url)) {
            var sql = node.database().sql();
            // One transaction: one session, so setseed holds for the statements after it.
            sql.transaction(cfg -> loadHistory(org.jooq.impl.DSL.using(cfg)));
            for (String scope : List.of("book", "agent:hist0", "agent:hist1")) {
                assertTileEqualsTheWagers(sql, scope);
            }
            assertRollupsEqualARebuild(sql);
            // A wager now writes stripe rows; whichever fold moves them (this one or the node's own) then vacuums.
            long vacuumsBefore = vacuums(sql, "wager_hours");
            sql.execute("insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market) "
                    + "values ('hist-now', 'hc-1', 'hist1', 'EUR', 10, 2.5, 25, 'Now')");
            try (var fold = node.dashboard().foldJob()) {
                Wait.until("a fold to move the new stripes and vacuum the tables it churns", () -> {
                    fold.runOnce();
                    return vacuums(sql, "wager_hours") > vacuumsBefore;
                }, WAIT);
                assertTrue(fold.runOnce() || fold.runOnce(), "a fold on this node");
            }
            assertEquals(0L, sql.fetchOne("select count(*) from wager_hours where stripe <> 0").get(0, Long.class), "the fold moves every hour's stripes");
            for (String scope : List.of("book", "agent:hist0")) {
                assertTileEqualsTheWagers(sql, scope);
            }
            assertRollupsEqualARebuild(sql);
        }
    }

    @Test
    void aDatabaseWithHistoryBeforeTheRollupsKeepsItsKpis() {
        DatabaseUrl url = TestDatabase.fresh();
        Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .target("17")
                .load()
                .migrate();
        try (var c = TestDatabase.connect(url)) {
            loadHistory(org.jooq.impl.DSL.using(c, org.jooq.SQLDialect.POSTGRES));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Switchboard node = TestNode.start(url)) {
            var sql = node.database().sql();
            assertTrue(sql.fetchOne("select count(*) from wager_hours").get(0, Long.class) > 0, "V19 filled the hours from the minutes");
            for (String scope : List.of("book", "agent:hist0", "agent:hist1")) {
                assertTileEqualsTheWagers(sql, scope);
            }
            assertRollupsEqualARebuild(sql);
        }
    }

    private static long vacuums(DSLContext sql, String table) {
        // A new transaction each time: a backend caches the statistics it has read within one.
        return sql.fetchOne("select vacuum_count from pg_stat_user_tables where relname = {0}", table).get(0, Long.class);
    }

    /** The incrementally kept rollups equal the ones kpi_rollups_rebuild makes from the minute buckets (rolled back). */
    static void assertRollupsEqualARebuild(DSLContext sql) {
        String hours = "select scope, currency, hour, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability) from wager_hours group by 1, 2, 3 order by 1, 2, 3";
        String minutes = "select scope, currency, date_trunc('hour', minute, 'UTC') as hour, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability) "
                + "from wager_minutes group by 1, 2, 3 order by 1, 2, 3";
        assertEquals(sql.fetch(minutes).formatCSV(), sql.fetch(hours).formatCSV(), "each hour is the sum of its minutes");
        String active = "select scope, minute, sum(change) from active_minutes group by 1, 2 having sum(change) <> 0 order by 1, 2";
        String activeHours = "select scope, hour, sum(change) from active_hours group by 1, 2 having sum(change) <> 0 order by 1, 2";
        String kept = sql.fetch(active).formatCSV() + sql.fetch(activeHours).formatCSV();
        var rebuilt = new String[1];
        try {
            sql.transaction(cfg -> {
                var tx = org.jooq.impl.DSL.using(cfg);
                // The node's fold job moves stripes into stripe 0 meanwhile; a row it added between the
                // rebuild's delete and insert made the insert a duplicate key. Writers wait for the rollback.
                tx.execute("lock table wager_hours, active_minutes, active_hours in exclusive mode");
                tx.execute("select kpi_rollups_rebuild()");
                rebuilt[0] = tx.fetch(active).formatCSV() + tx.fetch(activeHours).formatCSV();
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // The rebuild was only for comparing.
        }
        assertEquals(rebuilt[0], kept, "the active-players changes kept wager by wager equal the ones rebuilt from every customer minute");
    }

    private static final class RolledBack extends RuntimeException {
    }

    /**
     * The tile of {@code scope} against the same figures computed from the wagers, at the tile's own
     * time. (From the wagers as they are now: a wager whose stake was modified would need its
     * history, so the books here have none.)
     */
    static void assertTileEqualsTheWagers(DSLContext sql, String scope) {
        Kpis kpis = new KpiStore(sql).kpis(scope, scope);
        OffsetDateTime at = kpis.at();
        var figures = sql.fetch(SCOPED + """
                , f as (select *, t - interval '1 day' as day_ago, date_trunc('day', t, 'UTC') as today from k)
                select currency, coalesce(sum(rev) filter (where status <> 'pending' and um >= today), 0) as revenue,
                       coalesce(sum(rev) filter (where status <> 'pending' and um >= today - interval '1 day' and um < day_ago), 0) as revenue_then,
                       count(*) filter (where status = 'pending') as pending,
                       count(*) filter (where pm <= day_ago and (status = 'pending' or um > day_ago)) as pending_then,
                       coalesce(sum(stake) filter (where status = 'pending'), 0) as stake,
                       coalesce(sum(stake) filter (where pm <= day_ago and (status = 'pending' or um > day_ago)), 0) as stake_then,
                       coalesce(sum(potential_payout) filter (where status = 'pending'), 0) as liability,
                       coalesce(sum(potential_payout) filter (where pm <= day_ago and (status = 'pending' or um > day_ago)), 0) as liability_then
                from w, f group by currency order by currency
                """, at, scope);
        assertEquals(figures.getValues("currency", String.class), kpis.currencies().stream().map(CurrencyKpis::currency).toList(), scope + " currencies");
        for (int i = 0; i < figures.size(); i++) {
            var f = figures.get(i);
            var c = kpis.currencies().get(i);
            String what = scope + " " + c.currency() + " at " + at + ": ";
            assertSame(f.get("revenue", BigDecimal.class), c.revenue(), what + "revenue today");
            assertSame(f.get("revenue_then", BigDecimal.class), c.revenueChange().then(), what + "revenue at this time yesterday");
            assertEquals(f.get("pending", Integer.class), c.pendingCount(), what + "pending");
            assertSame(f.get("pending_then", BigDecimal.class), c.pendingCountChange().then(), what + "pending a day ago");
            assertSame(f.get("stake", BigDecimal.class), c.pendingStake(), what + "pending stake");
            assertSame(f.get("stake_then", BigDecimal.class), c.pendingStakeChange().then(), what + "pending stake a day ago");
            assertSame(f.get("liability", BigDecimal.class), c.liability(), what + "liability");
            assertSame(f.get("liability_then", BigDecimal.class), c.liabilityChange().then(), what + "liability a day ago");
        }
        // The sparklines: each minute of the last hour, as of that minute's end.
        var lines = sql.fetch(SCOPED + """
                , f as (select *, date_trunc('day', t, 'UTC') as today from k),
                  x as (select generate_series(date_trunc('minute', t) - interval '59 minutes', date_trunc('minute', t), interval '1 minute') as x from k)
                select currency, x.x, coalesce(sum(rev) filter (where status <> 'pending' and um >= today and um <= x.x), 0) as revenue,
                       coalesce(sum(potential_payout) filter (where pm <= x.x and (status = 'pending' or um > x.x)), 0) as liability
                from w, f, x group by currency, x.x order by currency, x.x
                """, at, scope);
        Map<String, double[][]> byCurrency = new TreeMap<>();
        for (var r : lines) {
            var line = byCurrency.computeIfAbsent(r.get("currency", String.class), k -> new double[2][60]);
            int minute = (int) Duration.between(at.withSecond(0).withNano(0).minusMinutes(59), r.get("x", OffsetDateTime.class)).toMinutes();
            line[0][minute] = r.get("revenue", BigDecimal.class).doubleValue();
            line[1][minute] = r.get("liability", BigDecimal.class).doubleValue();
        }
        for (var c : kpis.currencies()) {
            assertEquals(Sparkline.of(byCurrency.get(c.currency())[0], "").points(), c.revenueLine().points(), scope + " " + c.currency() + " revenue line");
            assertEquals(Sparkline.of(byCurrency.get(c.currency())[1], "").points(), c.liabilityLine().points(), scope + " " + c.currency() + " liability line");
        }
        assertActivePlayersEqualTheWagers(sql, scope, kpis);
        assertTrue(kpis.activePlayers() > 0 && kpis.activeChange().then().signum() > 0, scope + ": the history has players now and a day ago");
    }

    /** The wagers of {@code {1}}'s scope, with their placed and last-updated minutes and their revenue, at time {@code {0}} ({@code k.t}). */
    private static final String SCOPED = "with k as (select {0}::timestamptz as t), w as (select w.*, date_trunc('minute', placed_at) as pm, "
            + "date_trunc('minute', updated_at) as um, case status when 'lost' then stake when 'won' then -payout else 0 end as rev "
            + "from wagers w where {1} = 'book' or 'agent:' || agent_id = {1}) ";

    /** Active players: distinct customers with a wager placed in the 15 minutes ending with each minute of the last hour, and with this minute a day ago. */
    static void assertActivePlayersEqualTheWagers(DSLContext sql, String scope, Kpis kpis) {
        OffsetDateTime at = kpis.at();
        var active = sql.fetch(SCOPED + """
                , x as (select generate_series(date_trunc('minute', t) - interval '59 minutes', date_trunc('minute', t), interval '1 minute') as x from k
                        union all select date_trunc('minute', t) - interval '1 day' from k)
                select x.x, (select count(distinct customer_id) from w where pm between x.x - interval '14 minutes' and x.x) as active from x order by x.x
                """, at, scope);
        double[] line = new double[60];
        for (int i = 0; i < 60; i++) {
            line[i] = active.get(i + 1).get("active", Long.class);
        }
        assertEquals((long) line[59], kpis.activePlayers(), scope + " active players at " + at);
        assertEquals(active.get(0).get("active", Long.class), kpis.activeChange().then().longValue(), scope + " active players a day ago");
        assertEquals(Sparkline.of(line, "").points(), kpis.activeLine().points(), scope + " active players line");
    }

    private static void assertSame(BigDecimal expected, BigDecimal actual, String what) {
        assertEquals(0, expected.compareTo(actual), what + ": expected " + expected + ", the tile has " + actual);
    }
}
