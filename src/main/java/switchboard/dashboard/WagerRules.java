package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import switchboard.web.IngestProblem;
import switchboard.web.IngestTypes;

/**
 * The {@code wager.*} ingest events. Instead of a table version, each wager's own state decides
 * which event is legal: only a pending wager may be modified, settled or cancelled, and a
 * wagerId is placed once. Every refusal is a 422 naming the field, thrown inside the request's
 * transaction, so nothing of the request is kept.
 *
 * <p>Wager transactions run concurrently: the KPI buckets they add to are striped per session
 * (V17), so none waits on another's bucket row; the customers a request touches are locked first,
 * in id order ({@link WagerStore#lockCustomers}), so batches naming them in different orders
 * queue rather than deadlock. A deadlock left (a wager settled by two batches in opposite
 * orders) is retried by the ingest, whole.
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
        var parsed = new java.util.ArrayList<WagerEvent>();
        for (Indexed event : events) {
            try {
                parsed.add(WagerEvent.of(event.json()));
            } catch (IngestProblem p) {
                throw p.at(event.index());
            }
        }
        Map<String, String> agentOf = WagerStore.lockCustomers(tx, parsed);
        for (int i = 0; i < parsed.size(); i++) {
            try {
                apply(tx, parsed.get(i), agentOf);
            } catch (IngestProblem p) {
                throw p.at(events.get(i).index());
            }
        }
    }

    /** Applies one event in its own request (an admin's, the simulator's). */
    static void apply(DSLContext tx, WagerEvent e) {
        apply(tx, e, WagerStore.lockCustomers(tx, List.of(e)));
    }

    /** Applies one event; {@code agentOf} has every customer the request touches, locked. */
    static void apply(DSLContext tx, WagerEvent e, Map<String, String> agentOf) {
        if (e.type().equals("wager.placed")) {
            place(tx, e, agentOf.get(e.customerId()));
            return;
        }
        var wager = WagerStore.lock(tx, e.wagerId())
                .orElseThrow(() -> IngestProblem.rule("wagerId", "There is no wager '" + e.wagerId() + "'; place it first (wager.placed)."));
        if (!wager.status().equals("pending")) {
            throw IngestProblem.rule("type", "Wager '" + e.wagerId() + "' is " + wager.status() + ", not pending: it cannot be "
                    + e.type().substring("wager.".length()) + ".");
        }
        checkClaims(e, wager);
        int units = WagerStore.minorUnits(tx, wager.currency()).orElse(2);
        switch (e.type()) {
            case "wager.modified" -> {
                BigDecimal stake = e.stake() == null ? wager.stake() : money(e.stake(), units, "stake", wager.currency());
                BigDecimal odds = e.potentialPayout() != null ? null : e.odds() != null ? e.odds() : wager.odds();
                // A refusal names a field the request sent: a stake raised past the payout kept from before is the stake's fault.
                String sent = e.potentialPayout() != null ? "potentialPayout" : e.odds() != null ? "odds" : "stake";
                BigDecimal potential = payout(stake, odds, e.potentialPayout() != null ? e.potentialPayout() : odds == null ? wager.potentialPayout() : null,
                        units, wager.currency(), sent);
                // Nothing different is no change: no new updated_at (the wager would jump to the
                // stream's top), no push, no "changed wager: nothing changed" line.
                if (stake.compareTo(wager.stake()) != 0 || !same(odds, wager.odds()) || potential.compareTo(wager.potentialPayout()) != 0) {
                    WagerStore.modify(tx, wager.id(), stake, odds, potential);
                }
            }
            case "wager.settled" -> {
                BigDecimal payout = switch (e.result()) {
                    case "won" -> {
                        if (e.payout().signum() == 0) {
                            throw IngestProblem.rule("payout", "A won wager pays more than 0; a wager that returns nothing is lost, one that returns the stake is void.");
                        }
                        yield money(e.payout(), units, "payout", wager.currency());
                    }
                    case "void" -> {
                        // A void wager returns its stake: any other payout would leave the book without
                        // showing in revenue, which counts voids as nothing.
                        if (e.payout() != null && e.payout().compareTo(wager.stake()) != 0) {
                            throw IngestProblem.rule("payout", "A void wager returns its stake (" + wager.stake().toPlainString() + " " + wager.currency()
                                    + "); leave 'payout' out or send the stake.");
                        }
                        yield wager.stake();
                    }
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

    /**
     * A wager keeps its currency, and only wager.modified changes its amounts: a currency sent with
     * any later event, and an amount sent with a settlement or cancellation, must say what the
     * wager is (an EUR stake changed by an event that said USD was a review's finding).
     */
    private static void checkClaims(WagerEvent e, WagerStore.Locked wager) {
        if (e.currency() != null && !e.currency().equals(wager.currency())) {
            throw IngestProblem.rule("currency", "Wager '" + e.wagerId() + "' is in " + wager.currency() + ", not " + e.currency()
                    + ": a wager keeps its currency. Leave 'currency' out (or send " + wager.currency()
                    + "); to bet in " + e.currency() + ", cancel it and place a new wager.");
        }
        if (e.type().equals("wager.modified")) {
            return;
        }
        claim(e, "stake", e.stake(), wager.stake(), wager.currency());
        claim(e, "odds", e.odds(), wager.odds(), null);
        claim(e, "potentialPayout", e.potentialPayout(), wager.potentialPayout(), wager.currency());
    }

    private static void claim(WagerEvent e, String field, BigDecimal sent, BigDecimal actual, String currency) {
        if (sent != null && (actual == null || sent.compareTo(actual) != 0)) {
            throw IngestProblem.rule(field, "'" + field + "' " + sent.toPlainString() + " is not the wager's ("
                    + (actual == null ? "none" : actual.toPlainString() + (currency == null ? "" : " " + currency)) + "): a "
                    + e.type() + " event does not change it. Send wager.modified first, or leave '" + field + "' out.");
        }
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static void place(DSLContext tx, WagerEvent e, String agent) {
        int units = WagerStore.minorUnits(tx, e.currency())
                .orElseThrow(() -> IngestProblem.rule("currency", "'" + e.currency() + "' is not an ISO 4217 currency code we accept."));
        BigDecimal stake = money(e.stake(), units, "stake", e.currency());
        if (!agent.equals(e.agentId())) {
            throw IngestProblem.rule("agentId", "Customer '" + e.customerId() + "' belongs to agent '" + agent + "', not '" + e.agentId() + "'.");
        }
        // No lock: a concurrent placement of the same wagerId makes this insert wait for it, then do nothing.
        BigDecimal potential = payout(stake, e.odds(), e.potentialPayout(), units, e.currency(), e.potentialPayout() != null ? "potentialPayout" : "odds");
        if (!WagerStore.place(tx, e, stake, potential)) {
            throw IngestProblem.rule("wagerId", "Wager '" + e.wagerId() + "' was placed before; send wager.modified to change it.");
        }
    }

    /**
     * The potential payout: given, or stake × odds rounded down to the currency's minor unit;
     * {@code blame} is the field a refusal names (one the request sent). A given payout is held
     * to the odds' own bounds: its implied odds (payout ÷ stake) are above 1 and at most
     * {@link WagerEvent#MAX_ODDS}, so 10 EUR cannot stand to win 10^14.
     */
    private static BigDecimal payout(BigDecimal stake, BigDecimal odds, BigDecimal given, int units, String currency, String blame) {
        if (given == null) {
            return stake.multiply(odds).setScale(units, RoundingMode.DOWN);
        }
        BigDecimal potential = money(given, units, "potentialPayout", currency);
        String fix = blame.equals("stake") ? "; send a new 'potentialPayout' or 'odds' with the stake." : ".";
        if (potential.compareTo(stake) < 0) {
            throw IngestProblem.rule(blame, "The potential payout " + potential.toPlainString()
                    + " is less than the stake " + stake.toPlainString() + fix);
        }
        if (potential.compareTo(stake) == 0) {
            throw IngestProblem.rule(blame, "The potential payout " + potential.toPlainString() + " equals the stake: it must be more than the stake"
                    + " (implied odds above 1, as 'odds' are)" + fix);
        }
        if (potential.compareTo(stake.multiply(WagerEvent.MAX_ODDS)) > 0) {
            throw IngestProblem.rule(blame, "The potential payout " + potential.toPlainString() + " is more than " + WagerEvent.MAX_ODDS.toPlainString()
                    + " times the stake " + stake.toPlainString() + " " + currency + " (at most " + stake.multiply(WagerEvent.MAX_ODDS).toPlainString()
                    + ": implied odds are at most " + WagerEvent.MAX_ODDS.toPlainString() + ", as 'odds' are)" + fix);
        }
        return potential;
    }

    /** The amount at the currency's own scale (12.5 EUR is stored as 12.50), refused when a digit past its decimals is not 0. */
    private static BigDecimal money(BigDecimal amount, int units, String field, String currency) {
        return switchboard.web.MinorUnits.atScale(amount, units)
                .orElseThrow(() -> IngestProblem.rule(field, "'" + field + "' is " + amount.toPlainString() + ": " + switchboard.web.MinorUnits.refusal(currency, units)));
    }
}
