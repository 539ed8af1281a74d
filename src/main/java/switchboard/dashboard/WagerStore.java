package switchboard.dashboard;

import static switchboard.db.jooq.Tables.AGENTS;
import static switchboard.db.jooq.Tables.CURRENCIES;
import static switchboard.db.jooq.Tables.CUSTOMERS;
import static switchboard.db.jooq.Tables.WAGERS;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Writes to wagers (and the agents and customers they name); the table's trigger keeps every aggregate. */
final class WagerStore {
    private WagerStore() {
    }

    /** A wager's state as the rules need it, read under a row lock. */
    record Locked(long id, String status, String currency, BigDecimal stake, BigDecimal odds, BigDecimal potentialPayout) {
    }

    static Optional<Locked> lock(DSLContext tx, String ref) {
        return tx.select(WAGERS.ID, WAGERS.STATUS, WAGERS.CURRENCY, WAGERS.STAKE, WAGERS.ODDS, WAGERS.POTENTIAL_PAYOUT)
                .from(WAGERS)
                .where(WAGERS.REF.eq(ref))
                .forUpdate()
                .fetchOptional(org.jooq.Records.mapping(Locked::new));
    }

    /**
     * Minor units of the codes found so far. The currencies table is reference data only a
     * migration writes (V10), and a node runs with the migrations it started with, so a code once
     * found keeps its units; a code not found is asked again (never cached as unknown). Saves a
     * round trip inside every wager's transaction.
     */
    private static final Map<String, Integer> UNITS = new ConcurrentHashMap<>();

    /** The currency's minor units, or empty for a code that is not ISO 4217 (as far as we accept). */
    static Optional<Integer> minorUnits(DSLContext tx, String currency) {
        Integer known = UNITS.get(currency);
        if (known != null) {
            return Optional.of(known);
        }
        var units = tx.select(CURRENCIES.MINOR_UNITS)
                .from(CURRENCIES)
                .where(CURRENCIES.CODE.eq(currency))
                .fetchOptional(CURRENCIES.MINOR_UNITS);
        units.ifPresent(u -> UNITS.put(currency, u));
        return units;
    }

    /**
     * Creates the agents and customers the events' placements name (on their first wager), then
     * locks every customer the events touch; returns each one's agent. Each step goes in id order,
     * so two batches naming the same customers in opposite orders queue instead of deadlocking:
     * every row the wagers trigger writes for a customer (its customer_exposure, its customer_minutes) is then
     * written under that customer's lock. (The KPI buckets are per session, V17.)
     */
    static Map<String, String> lockCustomers(DSLContext tx, List<WagerEvent> events) {
        var agents = new TreeSet<String>();
        var placing = new TreeMap<String, String>();
        var refs = new ArrayList<String>();
        for (WagerEvent e : events) {
            if (e.type().equals("wager.placed")) {
                agents.add(e.agentId());
                placing.putIfAbsent(e.customerId(), e.agentId());
            } else {
                refs.add(e.wagerId());
            }
        }
        if (!agents.isEmpty()) {
            // One statement: the agents first (a data-modifying WITH), then their customers, whose
            // foreign key check at the statement's end sees the agents it inserted.
            var insert = tx.insertInto(AGENTS, AGENTS.ID, AGENTS.NAME);
            for (String agent : agents) {
                insert = insert.values(agent, agent);
            }
            var customers = tx.with("new_agents").as(insert.onConflictDoNothing().returningResult(AGENTS.ID)).insertInto(CUSTOMERS, CUSTOMERS.ID, CUSTOMERS.AGENT_ID);
            for (var customer : placing.entrySet()) {
                customers = customers.values(customer.getKey(), customer.getValue());
            }
            customers.onConflictDoNothing().execute();
        }
        var touched = new TreeSet<>(placing.keySet());
        if (!refs.isEmpty()) {
            touched.addAll(tx.selectDistinct(WAGERS.CUSTOMER_ID)
                    .from(WAGERS)
                    .where(WAGERS.REF.in(refs))
                    .fetch(WAGERS.CUSTOMER_ID));
        }
        if (touched.isEmpty()) {
            return Map.of();
        }
        return tx.select(CUSTOMERS.ID, CUSTOMERS.AGENT_ID)
                .from(CUSTOMERS)
                .where(CUSTOMERS.ID.in(touched))
                .orderBy(CUSTOMERS.ID)
                .forNoKeyUpdate()
                .fetchMap(CUSTOMERS.ID, CUSTOMERS.AGENT_ID);
    }

    /** Places the wager; false when its ref was placed before (by a transaction that has committed). */
    static boolean place(DSLContext tx, WagerEvent e, BigDecimal stake, BigDecimal potentialPayout) {
        return tx.insertInto(WAGERS, WAGERS.REF, WAGERS.CUSTOMER_ID, WAGERS.AGENT_ID, WAGERS.CURRENCY, WAGERS.STAKE, WAGERS.ODDS,
                        WAGERS.POTENTIAL_PAYOUT, WAGERS.MARKET)
                .values(e.wagerId(), e.customerId(), e.agentId(), e.currency(), stake, e.odds(), potentialPayout, e.market())
                .onConflict(WAGERS.REF)
                .doNothing()
                .execute() == 1;
    }

    static void modify(DSLContext tx, long id, BigDecimal stake, BigDecimal odds, BigDecimal potentialPayout) {
        tx.update(WAGERS)
                .set(WAGERS.STAKE, stake)
                .set(WAGERS.ODDS, odds)
                .set(WAGERS.POTENTIAL_PAYOUT, potentialPayout)
                .set(WAGERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(WAGERS.ID.eq(id))
                .execute();
    }

    static void finish(DSLContext tx, long id, String status, BigDecimal payout) {
        tx.update(WAGERS)
                .set(WAGERS.STATUS, status)
                .set(WAGERS.PAYOUT, payout)
                .set(WAGERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(WAGERS.ID.eq(id))
                .execute();
    }
}
