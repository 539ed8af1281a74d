package switchboard.games;

/** One occupied seat, as the rules see it; mutable while an event is applied. */
final class Seat {
    final int number;
    final String playerId;
    final String name;
    long stack;
    boolean inHand;
    boolean folded;
    boolean allIn;
    boolean acted;
    long roundBet;
    long handBet;

    Seat(int number, String playerId, String name, long stack) {
        this.number = number;
        this.playerId = playerId;
        this.name = name;
        this.stack = stack;
    }

    /** Still contesting the pot. */
    boolean live() {
        return inHand && !folded;
    }

    /** May still act in this betting round. */
    boolean canAct() {
        return inHand && !folded && !allIn;
    }
}
