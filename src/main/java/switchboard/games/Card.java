package switchboard.games;

import java.util.ArrayList;
import java.util.List;

/** A playing card, e.g. rank 'A' and suit 'h'; a table's board is stored as their codes run together ("AhKd7c"). */
public record Card(char rank, char suit) {
    /** The cards of a stored board, in order. */
    static List<Card> onBoard(String board) {
        var cards = new ArrayList<Card>();
        for (int i = 0; i + 2 <= board.length(); i += 2) {
            cards.add(new Card(board.charAt(i), board.charAt(i + 1)));
        }
        return cards;
    }

    /** The two-character code, e.g. "Ah". */
    public String code() {
        return "" + rank + suit;
    }

    public String label() {
        String r = rank == 'T' ? "10" : String.valueOf(rank);
        return r + switch (suit) {
            case 'h' -> "♥";
            case 'd' -> "♦";
            case 'c' -> "♣";
            default -> "♠";
        };
    }

    public boolean red() {
        return suit == 'h' || suit == 'd';
    }
}
