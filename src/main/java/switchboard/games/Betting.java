package switchboard.games;

/** One player's action in a betting round: whose turn it is, what they may do, and who acts next. */
final class Betting {
    private Betting() {
    }

    /** Chips a seat puts in, and the line the action log shows for it. */
    private record Move(long amount, String line) {
    }

    static String act(TableState table, IngestEvent e) {
        Hands.requireHand(table, e);
        Seat seat = PokerRules.occupied(table, e);
        if (table.turn == null || table.turn != seat.number) {
            throw Rejection.rule("seat", table.turn == null
                    ? "Nobody is to act: the betting round is over (deal the next card or end the hand)."
                    : "Seat " + seat.number + " acted out of turn; it is seat " + table.turn + "'s turn.");
        }
        String action = e.exact("action", 1, 10);
        long toCall = table.currentBet - seat.roundBet;
        Move move = switch (action) {
            case "fold" -> fold(e, seat);
            case "check" -> check(e, seat, toCall);
            case "call" -> call(e, seat, toCall);
            case "bet", "raise" -> betOrRaise(table, e, seat, action, toCall);
            case "all-in" -> allIn(e, seat);
            default -> throw Rejection.rule("action", "Unknown action '" + action + "'; use fold, check, call, bet, raise or all-in.");
        };
        put(table, seat, move.amount());
        seat.acted = true;
        if (seat.roundBet > table.currentBet) {
            reopenBetting(table, seat);
        }
        table.turn = table.live().size() < 2 || roundOver(table) ? null : table.nextActing(seat.number);
        return move.line() + " (pot " + table.pot + ")";
    }

    private static Move fold(IngestEvent e, Seat seat) {
        noAmount(e, "fold");
        seat.folded = true;
        return new Move(0, seat.name + " folds");
    }

    private static Move check(IngestEvent e, Seat seat, long toCall) {
        noAmount(e, "check");
        if (toCall > 0) {
            throw Rejection.rule("action", "Seat " + seat.number + " faces a bet of " + toCall + "; it can call, raise or fold, not check.");
        }
        return new Move(0, seat.name + " checks");
    }

    private static Move call(IngestEvent e, Seat seat, long toCall) {
        if (toCall == 0) {
            throw Rejection.rule("action", "There is nothing to call; check instead.");
        }
        if (toCall >= seat.stack) {
            throw Rejection.rule("action", "Calling " + toCall + " takes the whole stack of " + seat.stack + "; send all-in.");
        }
        long amount = optionalAmount(e, toCall);
        return new Move(amount, seat.name + " calls " + amount);
    }

    private static Move betOrRaise(TableState table, IngestEvent e, Seat seat, String action, long toCall) {
        if (action.equals("bet") && table.currentBet > 0) {
            throw Rejection.rule("action", "There is already a bet of " + table.currentBet + "; raise instead.");
        }
        if (action.equals("raise") && table.currentBet == 0) {
            throw Rejection.rule("action", "There is no bet to raise; bet instead.");
        }
        long amount = e.whole("amount", 1);
        if (amount > seat.stack) {
            throw Rejection.rule("amount", "A " + action + " of " + amount + " is larger than the stack of " + seat.stack + ".");
        }
        if (amount == seat.stack) {
            throw Rejection.rule("action", "A " + action + " of the whole stack is an all-in; send all-in.");
        }
        if (seat.roundBet + amount <= table.currentBet) {
            throw Rejection.rule("amount", "A " + action + " must put in more than the " + toCall + " needed to call.");
        }
        return new Move(amount, seat.name + (action.equals("bet") ? " bets " : " raises to ") + (seat.roundBet + amount));
    }

    private static Move allIn(IngestEvent e, Seat seat) {
        long amount = optionalAmount(e, seat.stack);
        return new Move(amount, seat.name + " is all-in for " + (seat.roundBet + amount));
    }

    /** A bet or raise: everyone else who can still act must act again. */
    private static void reopenBetting(TableState table, Seat raiser) {
        table.currentBet = raiser.roundBet;
        for (Seat other : table.seats.values()) {
            if (other != raiser && other.canAct()) {
                other.acted = false;
            }
        }
    }

    /** Moves chips from the seat to the pot; a seat left with nothing is all-in. */
    static void put(TableState table, Seat seat, long amount) {
        long chips = Math.min(amount, seat.stack);
        seat.stack -= chips;
        seat.roundBet += chips;
        seat.handBet += chips;
        table.pot = sum(table.pot, chips);
        if (seat.stack == 0 && seat.inHand) {
            seat.allIn = true;
        }
    }

    /** a + b, refused as a rule violation rather than wrapping round (numbers are bounded, so this needs absurd play). */
    static long sum(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw Rejection.rule("amount", "This would put more than " + Long.MAX_VALUE + " chips in one place; the table cannot hold it.");
        }
    }

    /** Every player who can act has acted and matched the bet (or nobody is left to bet against). */
    static boolean roundOver(TableState table) {
        var canAct = table.seats.values().stream().filter(Seat::canAct).toList();
        boolean allMatched = canAct.stream().allMatch(s -> s.acted && s.roundBet == table.currentBet);
        boolean nobodyToBetAgainst = canAct.size() <= 1 && canAct.stream().allMatch(s -> s.roundBet >= table.currentBet);
        return allMatched || nobodyToBetAgainst;
    }

    /** A fold or check puts nothing in: an amount beside it is a server's mistake, not a detail to drop. */
    private static void noAmount(IngestEvent e, String action) {
        if (e.json().has("amount")) {
            throw Rejection.rule("amount", "A " + action + " takes no amount; leave 'amount' out.");
        }
    }

    private static long optionalAmount(IngestEvent e, long expected) {
        if (!e.json().has("amount")) {
            return expected;
        }
        long amount = e.whole("amount", 0);
        if (amount != expected) {
            throw Rejection.rule("amount", "This " + e.json().get("action").asText() + " is " + chips(expected) + ", not " + amount + ".");
        }
        return amount;
    }

    /** "1 chip", "2 chips". */
    static String chips(long n) {
        return n + (n == 1 ? " chip" : " chips");
    }
}
