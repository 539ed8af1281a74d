package switchboard.games;

/** One player's action in a betting round: whose turn it is, what they may do, and who acts next. */
final class Betting {
    private Betting() {
    }

    static String act(TableState table, IngestEvent e) {
        Hands.requireHand(table, e);
        Seat seat = PokerRules.occupied(table, e);
        if (table.turn == null || table.turn != seat.number) {
            throw Rejection.rule("seat", table.turn == null
                    ? "Nobody is to act: the betting round is over (deal the next card or end the hand)."
                    : "Seat " + seat.number + " acted out of turn; it is seat " + table.turn + "'s turn.");
        }
        String action = e.text("action", 1, 10);
        long toCall = table.currentBet - seat.roundBet;
        long amount;
        String line;
        switch (action) {
            case "fold" -> {
                seat.folded = true;
                amount = 0;
                line = seat.name + " folds";
            }
            case "check" -> {
                if (toCall > 0) {
                    throw Rejection.rule("action", "Seat " + seat.number + " faces a bet of " + toCall + "; it can call, raise or fold, not check.");
                }
                amount = 0;
                line = seat.name + " checks";
            }
            case "call" -> {
                if (toCall == 0) {
                    throw Rejection.rule("action", "There is nothing to call; check instead.");
                }
                if (toCall >= seat.stack) {
                    throw Rejection.rule("action", "Calling " + toCall + " takes the whole stack of " + seat.stack + "; send all-in.");
                }
                amount = optionalAmount(e, toCall);
                line = seat.name + " calls " + amount;
            }
            case "bet", "raise" -> {
                if (action.equals("bet") && table.currentBet > 0) {
                    throw Rejection.rule("action", "There is already a bet of " + table.currentBet + "; raise instead.");
                }
                if (action.equals("raise") && table.currentBet == 0) {
                    throw Rejection.rule("action", "There is no bet to raise; bet instead.");
                }
                amount = e.whole("amount", 1);
                if (amount > seat.stack) {
                    throw Rejection.rule("amount", "A " + action + " of " + amount + " is larger than the stack of " + seat.stack + ".");
                }
                if (amount == seat.stack) {
                    throw Rejection.rule("action", "A " + action + " of the whole stack is an all-in; send all-in.");
                }
                if (seat.roundBet + amount <= table.currentBet) {
                    throw Rejection.rule("amount", "A " + action + " must put in more than the " + toCall + " needed to call.");
                }
                line = seat.name + (action.equals("bet") ? " bets " : " raises to ") + (seat.roundBet + amount);
            }
            case "all-in" -> {
                amount = optionalAmount(e, seat.stack);
                line = seat.name + " is all-in for " + (seat.roundBet + amount);
            }
            default -> throw Rejection.rule("action", "Unknown action '" + action + "'; use fold, check, call, bet, raise or all-in.");
        }
        put(table, seat, amount);
        seat.acted = true;
        if (seat.roundBet > table.currentBet) {
            table.currentBet = seat.roundBet;
            for (Seat other : table.seats.values()) {
                if (other != seat && other.canAct()) {
                    other.acted = false;
                }
            }
        }
        table.turn = table.live().size() < 2 || roundOver(table) ? null : table.nextActing(seat.number);
        return line + " (pot " + table.pot + ")";
    }

    /** Moves chips from the seat to the pot; a seat left with nothing is all-in. */
    static void put(TableState table, Seat seat, long amount) {
        long chips = Math.min(amount, seat.stack);
        seat.stack -= chips;
        seat.roundBet += chips;
        seat.handBet += chips;
        table.pot += chips;
        if (seat.stack == 0 && seat.inHand) {
            seat.allIn = true;
        }
    }

    /** Every player who can act has acted and matched the bet (or nobody is left to bet against). */
    static boolean roundOver(TableState table) {
        var canAct = table.seats.values().stream().filter(Seat::canAct).toList();
        boolean allMatched = canAct.stream().allMatch(s -> s.acted && s.roundBet == table.currentBet);
        boolean nobodyToBetAgainst = canAct.size() <= 1 && canAct.stream().allMatch(s -> s.roundBet >= table.currentBet);
        return allMatched || nobodyToBetAgainst;
    }

    private static long optionalAmount(IngestEvent e, long expected) {
        if (!e.json().has("amount")) {
            return expected;
        }
        long amount = e.whole("amount", 0);
        if (amount != expected) {
            throw Rejection.rule("amount", "This " + e.json().get("action").asText() + " is " + expected + " chips, not " + amount + ".");
        }
        return amount;
    }
}
