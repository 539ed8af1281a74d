package switchboard.dashboard;

import static switchboard.db.jooq.Tables.AGENTS;
import static switchboard.db.jooq.Tables.CUSTOMERS;
import static switchboard.db.jooq.Tables.WAGERS;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.jooq.DSLContext;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.web.Tokens;

/**
 * Demo data: a few agents and customers and a day of wagers; {@link #seed} loads historic wagers
 * in set-based batches (the {@code seed-wagers} command), and {@link #simulate} keeps placing
 * and settling wagers through the same rules as the ingest API, so the dashboard moves.
 */
public final class DemoBook {
    private static final List<String> AGENT_IDS = List.of("north", "south", "east");
    private static final int CUSTOMERS_PER_AGENT = 12;
    /**
     * Wagers per transaction. Each wager publishes changes, and at commit the change feed's
     * deferred flush runs once per published row, each run looking up the transaction's rows
     * (the first moves them, the rest find them gone): its cost grows with the square of the
     * rows a transaction publishes, so history goes in small transactions.
     */
    private static final int BATCH = 500;
    private static final int DEMO_WAGERS = 3_000;
    private static final String DEMO_AGENT = "agent";

    private final DSLContext sql;

    DemoBook(DSLContext sql) {
        this.sql = sql;
    }

    /**
     * Until the demo's AGENT account exists: agents, customers, a day of wagers and that account;
     * returns the lines to print. A start stopped halfway (Ctrl+C while it loads) finishes here
     * on the next: the wagers already loaded count, and the account comes last.
     */
    public List<String> ensure(Auth auth, Path accountsFile) throws IOException {
        if (auth.users().find(DEMO_AGENT).isPresent()) {
            return List.of();
        }
        customers();
        int loaded = sql.fetchCount(WAGERS);
        seed(Math.max(0, DEMO_WAGERS - loaded), 24, n -> { });
        String password = Tokens.random(16, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
        var agent = auth.users().create(DEMO_AGENT, "Agent North", password, Role.AGENT);
        new DashboardStore(sql).link(agent.id(), AGENT_IDS.getFirst());
        String line = String.format("  %-7s %-6s password %s   (sees agent '%s' at /dashboard)", Role.AGENT, "agent", password, AGENT_IDS.getFirst());
        if (Files.exists(accountsFile)) {
            Files.writeString(accountsFile, line + System.lineSeparator(), StandardOpenOption.APPEND);
        }
        return List.of(line);
    }

    private void customers() {
        for (String agent : AGENT_IDS) {
            sql.insertInto(AGENTS, AGENTS.ID, AGENTS.NAME).values(agent, "Agent " + agent).onConflictDoNothing().execute();
            for (int i = 1; i <= CUSTOMERS_PER_AGENT; i++) {
                sql.insertInto(CUSTOMERS, CUSTOMERS.ID, CUSTOMERS.AGENT_ID).values(agent + "-c" + i, agent).onConflictDoNothing().execute();
            }
        }
    }

    /**
     * Loads {@code count} wagers placed over the last {@code hours}, most of them settled; each
     * batch is one statement and one transaction, and the triggers keep the aggregates as usual.
     */
    public void seed(int count, int hours, IntConsumer progress) {
        if (!sql.fetchExists(CUSTOMERS)) {
            customers();
        }
        String run = "seed-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        for (int done = 0; done < count; done += BATCH) {
            int n = Math.min(BATCH, count - done);
            int first = done;
            sql.transaction(tx -> {
                long before = tx.dsl().fetchOne("select coalesce(max(id), 0) from wagers").get(0, Long.class);
                tx.dsl().execute("""
                        with c as (select id, agent_id, (row_number() over (order by id) - 1)::int as n, count(*) over ()::int as total from customers),
                             g as (select i, now() - random() * ({0}::int * interval '1 hour') as t, (random() * 1000000000)::bigint as r
                                   from generate_series({1}::int, {2}::int) i)
                        insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market, placed_at, updated_at)
                        select {3}::text || g.i, c.id, c.agent_id, (array['EUR','EUR','USD','GBP'])[1 + c.n % 4], w.stake, w.odds,
                               trunc(w.stake * w.odds, 2), (array['Arsenal v Chelsea: match result', 'Lakers v Celtics: handicap',
                               'Wimbledon final: winner', 'Monaco GP: podium', 'Ryder Cup: top scorer', 'Derby: each way'])[1 + (g.r / 7) % 6], g.t, g.t
                        from g join c on c.n = g.r % c.total
                        cross join lateral (select round((1 + (g.r % 25000) / 100.0) * (case when g.r % 97 = 0 then 40 else 1 end), 2)::numeric(18, 2) as stake,
                                                   round(1.1 + ((g.r / 25000) % 500) / 100.0, 2)::numeric(12, 4) as odds) w
                        """, hours, first + 1, first + n, run);
                // Older wagers are settled (won, lost, void or cancelled); the last two hours stay open.
                tx.dsl().execute("""
                        update wagers set
                            status = case when id % 10 < 5 then 'lost' when id % 10 < 8 then 'won' when id % 10 < 9 then 'void' else 'cancelled' end,
                            payout = case when id % 10 between 5 and 7 then potential_payout when id % 10 = 8 then stake end,
                            updated_at = least(placed_at + (1 + id % 90) * interval '1 minute', now())
                        where id > {0} and status = 'pending' and placed_at < now() - interval '2 hours' and id % 25 <> 0
                        """, before);
            });
            progress.accept(first + n);
        }
    }

    /** A text progress bar for the command line: {@code [#####     ] 50% 500000/1000000}. */
    public static IntConsumer progressBar(int total, PrintStream out) {
        return done -> {
            int width = 40;
            int filled = (int) ((long) done * width / Math.max(1, total));
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + (int) ((long) done * 100 / Math.max(1, total)) + "% " + done + "/" + total);
            if (done >= total) {
                out.println();
            }
            out.flush();
        };
    }

    /** Places and settles a wager every {@code every} until closed, through the ingest rules. */
    public AutoCloseable simulate(java.time.Duration every) {
        if (!sql.fetchExists(CUSTOMERS)) {
            customers();
        }
        var random = new Random();
        var thread = Thread.ofVirtual().name("dashboard-simulator").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every.toMillis() / 2 + random.nextLong(every.toMillis()));
                    sql.transaction(tx -> step(tx.dsl(), random));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // A refused step (e.g. the database restarting) is skipped: this is demo traffic.
                }
            }
        });
        return thread::interrupt;
    }

    private static void step(DSLContext tx, Random random) {
        // Only its own and the demo's wagers: one a person sends through the API stays as they leave it.
        var pending = tx.select(WAGERS.REF, WAGERS.POTENTIAL_PAYOUT).from(WAGERS).where(WAGERS.STATUS.eq("pending"))
                .and(WAGERS.REF.like("sim-%").or(WAGERS.REF.like("seed-%")))
                .orderBy(WAGERS.ID.desc()).limit(200).fetch();
        if (pending.size() > 20 && random.nextInt(100) < 45) {
            var wager = pending.get(random.nextInt(pending.size()));
            int roll = random.nextInt(100);
            String result = roll < 55 ? "lost" : roll < 92 ? "won" : "void";
            WagerRules.apply(tx, new WagerEvent(roll < 96 ? "wager.settled" : "wager.cancelled", wager.get(WAGERS.REF), null, null, null, null, null, null,
                    null, result, result.equals("won") ? wager.get(WAGERS.POTENTIAL_PAYOUT) : null));
            return;
        }
        var customer = tx.select(CUSTOMERS.ID, CUSTOMERS.AGENT_ID).from(CUSTOMERS).orderBy(org.jooq.impl.DSL.rand()).limit(1).fetchOne();
        String currency = List.of("EUR", "EUR", "USD", "GBP").get(Math.abs(customer.get(CUSTOMERS.ID).hashCode()) % 4);
        BigDecimal stake = BigDecimal.valueOf(100 + random.nextInt(random.nextInt(100) < 3 ? 900_000 : 20_000), 2);
        BigDecimal odds = BigDecimal.valueOf(110 + random.nextInt(500), 2);
        WagerRules.apply(tx, new WagerEvent("wager.placed", "sim-" + Long.toString(System.nanoTime(), 36), customer.get(CUSTOMERS.ID),
                customer.get(CUSTOMERS.AGENT_ID), stake, currency, odds, null, "Simulated market " + (1 + random.nextInt(9)), null, null));
    }
}
