package switchboard.games;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A table's current state, loaded for one event at a time and written back after it. */
final class TableState {
    final String id;
    String name;
    long smallBlind;
    long bigBlind;
    int maxSeats;
    long version;
    boolean open = true;
    long handNo;
    boolean handRunning;
    Integer button;
    Integer turn;
    String board = "";
    long pot;
    long currentBet;
    final TreeMap<Integer, Seat> seats = new TreeMap<>();

    TableState(String id) {
        this.id = id;
    }

    List<Seat> live() {
        return seats.values().stream().filter(Seat::live).toList();
    }

    /** The next seat after {@code from}, clockwise, that satisfies {@code canAct}; null if none. */
    Integer nextActing(int from) {
        var order = new ArrayList<Integer>(seats.tailMap(from, false).keySet());
        order.addAll(seats.headMap(from, true).keySet());
        for (int number : order) {
            if (seats.get(number).canAct()) {
                return number;
            }
        }
        return null;
    }

    Integer nextInHand(int from) {
        var order = new ArrayList<Integer>(seats.tailMap(from, false).keySet());
        order.addAll(seats.headMap(from, true).keySet());
        for (int number : order) {
            if (seats.get(number).inHand) {
                return number;
            }
        }
        return null;
    }

    /**
     * Clears the pot and every seat's bets and flags, at the start of a hand ({@code starting}:
     * seats with chips are dealt in) or at its end (nobody is in a hand).
     */
    void resetHand(boolean starting) {
        pot = 0;
        currentBet = 0;
        for (Seat seat : seats.values()) {
            seat.inHand = starting && seat.stack > 0;
            seat.folded = false;
            seat.allIn = false;
            seat.acted = false;
            seat.roundBet = 0;
            seat.handBet = 0;
        }
    }

    /** The board as cards of two characters each, e.g. [Ah, Kd, 7c]. */
    List<String> boardCards() {
        return Card.onBoard(board).stream().map(Card::code).toList();
    }
}
