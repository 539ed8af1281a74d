package switchboard.dashboard;

import static switchboard.db.jooq.Tables.AGENTS;
import static switchboard.db.jooq.Tables.CURRENCIES;
import static switchboard.db.jooq.Tables.CUSTOMERS;
import static switchboard.db.jooq.Tables.WAGERS;

import java.math.BigDecimal;
import java.util.Optional;
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

    /** The currency's minor units, or empty for a code that is not ISO 4217 (as far as we accept). */
    static Optional<Integer> minorUnits(DSLContext tx, String currency) {
        return tx.select(CURRENCIES.MINOR_UNITS)
                .from(CURRENCIES)
                .where(CURRENCIES.CODE.eq(currency))
                .fetchOptional(CURRENCIES.MINOR_UNITS);
    }

    /** The customer's agent, creating the agent and the customer on their first wager. */
    static String agentOf(DSLContext tx, String customerId, String agentId) {
        tx.insertInto(AGENTS, AGENTS.ID, AGENTS.NAME)
                .values(agentId, agentId)
                .onConflictDoNothing()
                .execute();
        tx.insertInto(CUSTOMERS, CUSTOMERS.ID, CUSTOMERS.AGENT_ID)
                .values(customerId, agentId)
                .onConflictDoNothing()
                .execute();
        return tx.select(CUSTOMERS.AGENT_ID)
                .from(CUSTOMERS)
                .where(CUSTOMERS.ID.eq(customerId))
                .fetchOne(CUSTOMERS.AGENT_ID);
    }

    static boolean exists(DSLContext tx, String ref) {
        return tx.fetchExists(WAGERS, WAGERS.REF.eq(ref));
    }

    static void place(DSLContext tx, WagerEvent e, BigDecimal potentialPayout) {
        tx.insertInto(WAGERS, WAGERS.REF, WAGERS.CUSTOMER_ID, WAGERS.AGENT_ID, WAGERS.CURRENCY, WAGERS.STAKE, WAGERS.ODDS,
                        WAGERS.POTENTIAL_PAYOUT, WAGERS.MARKET)
                .values(e.wagerId(), e.customerId(), e.agentId(), e.currency(), e.stake(), e.odds(), potentialPayout, e.market())
                .execute();
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
