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

    /** The board as cards of two characters each, e.g. [Ah, Kd, 7c]. */
    List<String> boardCards() {
        var cards = new ArrayList<String>();
        for (int i = 0; i + 2 <= board.length(); i += 2) {
            cards.add(board.substring(i, i + 2));
        }
        return cards;
    }
}
