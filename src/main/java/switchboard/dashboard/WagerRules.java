package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jooq.DSLContext;
import switchboard.web.IngestProblem;
import switchboard.web.IngestTypes;

/**
 * The {@code wager.*} ingest events. Instead of a table version, each wager's own state decides
 * which event is legal: only a pending wager may be modified, settled or cancelled, and a
 * wagerId is placed once. Every refusal is a 422 naming the field, thrown inside the request's
 * transaction, so nothing of the request is kept.
 */
final class WagerRules implements IngestTypes {
    @Override
    public String prefix() {
        return "wager.";
    }

    @Override
    public java.util.Collection<String> types() {
        return WagerEvent.TYPES;
    }

    @Override
    public void check(JsonNode event) {
        WagerEvent.of(event);
    }

    @Override
    public void apply(DSLContext tx, List<Indexed> events) {
        for (Indexed event : events) {
            try {
                apply(tx, WagerEvent.of(event.json()));
            } catch (IngestProblem p) {
                throw p.at(event.index());
            }
        }
    }

    /**
     * Serialises wager transactions. Every wager updates its currency's whole-book bucket row
     * anyway, so they queue there already; but two batches touching currencies or agents in
     * different orders would take those row locks in different orders and deadlock. One
     * transaction-scoped lock taken first (re-entrant, released at commit) rules that out.
     */
    private static final long WAGER_LOCK = 6008000014L;

    static void apply(DSLContext tx, WagerEvent e) {
        tx.execute("select pg_advisory_xact_lock({0})", WAGER_LOCK);
        if (e.type().equals("wager.placed")) {
            place(tx, e);
            return;
        }
        var wager = WagerStore.lock(tx, e.wagerId())
                .orElseThrow(() -> IngestProblem.rule("wagerId", "There is no wager '" + e.wagerId() + "'; place it first (wager.placed)."));
        if (!wager.status().equals("pending")) {
            throw IngestProblem.rule("type", "Wager '" + e.wagerId() + "' is " + wager.status() + ", not pending: it cannot be "
                    + e.type().substring("wager.".length()) + ".");
        }
        int units = WagerStore.minorUnits(tx, wager.currency()).orElse(2);
        switch (e.type()) {
            case "wager.modified" -> {
                BigDecimal stake = e.stake() == null ? wager.stake() : money(e.stake(), units, "stake", wager.currency());
                BigDecimal odds = e.potentialPayout() != null ? null : e.odds() != null ? e.odds() : wager.odds();
                BigDecimal potential = payout(stake, odds, e.potentialPayout() != null ? e.potentialPayout() : odds == null ? wager.potentialPayout() : null,
                        units, wager.currency());
                WagerStore.modify(tx, wager.id(), stake, odds, potential);
            }
            case "wager.settled" -> {
                BigDecimal payout = switch (e.result()) {
                    case "won" -> money(e.payout(), units, "payout", wager.currency());
                    case "void" -> e.payout() == null ? wager.stake() : money(e.payout(), units, "payout", wager.currency());
                    default -> null;
                };
                if (payout != null && payout.compareTo(wager.potentialPayout()) > 0) {
                    throw IngestProblem.rule("payout", "The payout " + payout.toPlainString() + " is more than the wager's potential payout "
                            + wager.potentialPayout().toPlainString() + ".");
                }
                WagerStore.finish(tx, wager.id(), e.result(), payout);
            }
            default -> WagerStore.finish(tx, wager.id(), "cancelled", null);
        }
    }

    private static void place(DSLContext tx, WagerEvent e) {
        int units = WagerStore.minorUnits(tx, e.currency())
                .orElseThrow(() -> IngestProblem.rule("currency", "'" + e.currency() + "' is not an ISO 4217 currency code we accept."));
        money(e.stake(), units, "stake", e.currency());
        if (WagerStore.exists(tx, e.wagerId())) {
            throw IngestProblem.rule("wagerId", "Wager '" + e.wagerId() + "' was placed before; send wager.modified to change it.");
        }
        String agent = WagerStore.agentOf(tx, e.customerId(), e.agentId());
        if (!agent.equals(e.agentId())) {
            throw IngestProblem.rule("agentId", "Customer '" + e.customerId() + "' belongs to agent '" + agent + "', not '" + e.agentId() + "'.");
        }
        WagerStore.place(tx, e, payout(e.stake(), e.odds(), e.potentialPayout(), units, e.currency()));
    }

    /** The potential payout: given, or stake × odds rounded down to the currency's minor unit. */
    private static BigDecimal payout(BigDecimal stake, BigDecimal odds, BigDecimal given, int units, String currency) {
        BigDecimal potential = given != null ? money(given, units, "potentialPayout", currency) : stake.multiply(odds).setScale(units, RoundingMode.DOWN);
        if (potential.compareTo(stake) < 0) {
            throw IngestProblem.rule(given != null ? "potentialPayout" : "odds", "The potential payout " + potential.toPlainString()
                    + " is less than the stake " + stake.toPlainString() + ".");
        }
        return potential;
    }

    private static BigDecimal money(BigDecimal amount, int units, String field, String currency) {
        if (amount.scale() > units) {
            throw IngestProblem.rule(field, "'" + field + "' has more decimals than " + currency + " has (" + units + ").");
        }
        return amount;
    }
}
