package switchboard.games;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/** Starting a hand (blinds), dealing the board, and ending a hand (paying the pot). */
final class Hands {
    private Hands() {
    }

    static String start(TableState table, IngestEvent e) {
        if (table.handRunning) {
            throw Rejection.rule("type", "Hand #" + table.handNo + " is still running; end it first.");
        }
        long handNo = e.whole("handNo", 1);
        if (handNo != table.handNo + 1) {
            throw Rejection.rule("handNo", "The next hand at this table is #" + (table.handNo + 1) + ", not #" + handNo + ".");
        }
        Seat buttonSeat = PokerRules.occupied(table, e, "button");
        List<Seat> players = table.seats.values().stream().filter(s -> s.stack > 0).toList();
        if (players.size() < 2 || buttonSeat.stack == 0) {
            throw Rejection.rule("button", "A hand needs at least two players with chips, the button among them.");
        }
        table.handNo = handNo;
        table.handRunning = true;
        table.button = buttonSeat.number;
        table.board = "";
        table.resetHand(true);
        int small = table.nextInHand(table.button);
        int big = table.nextInHand(small);
        Betting.put(table, table.seats.get(small), table.smallBlind);
        Betting.put(table, table.seats.get(big), table.bigBlind);
        table.currentBet = Math.max(table.seats.get(small).roundBet, table.seats.get(big).roundBet);
        table.turn = Betting.roundOver(table) ? null : table.nextActing(big);
        return "Hand #" + handNo + " starts: button seat " + table.button + ", blinds " + table.seats.get(small).name
                + " " + table.seats.get(small).roundBet + " and " + table.seats.get(big).name + " " + table.seats.get(big).roundBet;
    }

    static String deal(TableState table, IngestEvent e) {
        requireHand(table, e);
        if (table.turn != null) {
            throw Rejection.rule("type", "The betting round is not over: it is seat " + table.turn + "'s turn.");
        }
        if (table.live().size() < 2) {
            throw Rejection.rule("type", "Only one player is left in the hand; end it with hand.ended.");
        }
        int count = switch (table.board.length() / 2) {
            case 0 -> 3;
            case 3, 4 -> 1;
            default -> throw Rejection.rule("cards", "The board already has five cards; end the hand.");
        };
        table.board += PokerRules.cards(table, e.node("cards"), count);
        table.currentBet = 0;
        for (Seat seat : table.seats.values()) {
            seat.roundBet = 0;
            seat.acted = false;
        }
        long canAct = table.seats.values().stream().filter(Seat::canAct).count();
        table.turn = canAct < 2 ? null : table.nextActing(table.button);
        String street = switch (table.board.length() / 2) {
            case 3 -> "Flop";
            case 4 -> "Turn";
            default -> "River";
        };
        return street + ": " + String.join(" ", table.boardCards());
    }

    static String end(TableState table, IngestEvent e) {
        requireHand(table, e);
        if (table.turn != null && table.live().size() > 1) {
            throw Rejection.rule("type", "The betting is not over: it is seat " + table.turn + "'s turn.");
        }
        // With one player (or none) able to bet, the server may run out the board itself; two
        // who can still bet play every street, or the hand ends before they could.
        long canAct = table.seats.values().stream().filter(Seat::canAct).count();
        if (canAct >= 2 && table.board.length() < 10) {
            String missing = switch (table.board.length() / 2) {
                case 0 -> "the flop, the turn and the river";
                case 3 -> "the turn and the river";
                default -> "the river";
            };
            throw Rejection.rule("type", canAct + " players can still bet, so the hand is played to the river: deal "
                    + missing + " first and let them bet (or end it when one player is left).");
        }
        long pot = e.whole("pot", 0);
        if (pot != table.pot) {
            throw Rejection.rule("pot", "The pot is " + table.pot + ", not " + pot + ".");
        }
        String line = "Hand #" + table.handNo + ":" + payWinners(table, e.node("winners"), pot);
        table.handRunning = false;
        table.turn = null;
        table.resetHand(false);
        return line;
    }

    /** Pays {@code pot} to the winners the event names; returns " Ada wins 40, Bob wins 40". */
    private static String payWinners(TableState table, JsonNode winners, long pot) {
        if (!winners.isArray() || winners.isEmpty()) {
            throw Rejection.rule("winners", "'winners' is a non-empty array of {seat, amount}.");
        }
        long paid = 0;
        var seen = new HashSet<Integer>();
        var paidTo = new ArrayList<Payout>();
        var line = new StringBuilder();
        for (int i = 0; i < winners.size(); i++) {
            JsonNode w = winners.get(i);
            String field = "winners[" + i + "]";
            if (!w.isObject()) {
                throw Rejection.rule(field, "Each winner is {seat, amount}.");
            }
            long seatNo;
            long amount;
            try {
                seatNo = IngestEvent.whole(w, "seat", 1);
                amount = IngestEvent.whole(w, "amount", 1);
            } catch (Rejection r) {
                throw r.within(field);
            }
            Seat seat = table.seats.get((int) Math.min(seatNo, 99));
            if (seat == null || !seat.live()) {
                throw Rejection.rule(field + ".seat", "Seat " + seatNo + " is not a player still in the hand.");
            }
            if (!seen.add(seat.number)) {
                throw Rejection.rule(field + ".seat", "Seat " + seatNo + " is listed twice.");
            }
            paid = Betting.sum(paid, amount);
            paidTo.add(new Payout(field, seat, amount));
            line.append(i == 0 ? " " : ", ").append(seat.name).append(" wins ").append(amount);
        }
        if (paid != pot) {
            throw Rejection.rule("winners", "The winners' amounts add up to " + paid + "; the pot is " + pot + ".");
        }
        checkSidePots(table, paidTo);
        for (Payout p : paidTo) {
            p.seat.stack = Betting.sum(p.seat.stack, p.amount);
        }
        return line.toString();
    }

    private record Payout(String field, Seat seat, long amount) {
    }

    /**
     * A player can win from each other seat at most what they put in themselves (the side pots):
     * a short all-in is not paid the chips others bet over it. Winners are taken in order of what
     * they put in; those who put in at most {@code c} share at most what the pot holds up to
     * {@code c} from every seat (with chips of seats that left the table counted for all). The
     * pots are nested, so these checks are enough for some split of them to give every amount.
     */
    private static void checkSidePots(TableState table, List<Payout> paidTo) {
        long inSeats = table.seats.values().stream().mapToLong(s -> s.handBet).sum();
        long leftBehind = Math.max(0, table.pot - inSeats);
        var byBet = paidTo.stream().sorted(Comparator.comparingLong(p -> p.seat.handBet)).toList();
        long claimed = 0;
        for (int i = 0; i < byBet.size(); i++) {
            Payout p = byBet.get(i);
            claimed += p.amount;
            boolean lastAtLevel = i + 1 == byBet.size() || byBet.get(i + 1).seat.handBet > p.seat.handBet;
            if (!lastAtLevel) {
                continue;
            }
            long level = p.seat.handBet;
            long reachable = leftBehind + table.seats.values().stream().mapToLong(s -> Math.min(s.handBet, level)).sum();
            if (claimed > reachable) {
                String who = i == 0 ? "Seat " + p.seat.number : "Seat " + p.seat.number + " and the winners who put in no more";
                throw Rejection.rule(p.field + ".amount", who + " put " + level + " in the pot, so "
                        + (i == 0 ? "it" : "they") + " can win at most " + reachable + " (the main pot and the side pots "
                        + (i == 0 ? "it is" : "they are") + " in), not " + claimed + ".");
            }
        }
    }

    static void requireHand(TableState table, IngestEvent e) {
        if (!table.handRunning) {
            throw Rejection.rule("type", "No hand is running at table '" + table.id + "'; send hand.started first.");
        }
        if (!e.json().has("handNo")) {
            throw Rejection.rule("handNo", "'handNo' is required for " + e.type() + ": the running hand is #" + table.handNo + ".");
        }
        if (e.whole("handNo", 1) != table.handNo) {
            throw Rejection.rule("handNo", "The running hand is #" + table.handNo + ".");
        }
    }
}
