package switchboard.games;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The table's rules: each event is checked against the current state and applied to it, or
 * refused with the field at fault. Blinds are posted when a hand starts; a betting round ends
 * when every player who can act has acted and matched the bet; then the game server deals
 * the board (3, 1, 1 cards) or ends the hand. Returns the line the action log shows.
 */
final class PokerRules {
    private static final Pattern CARD = Pattern.compile("[2-9TJQKA][cdhs]");

    private PokerRules() {
    }

    /** Applies {@code e} to {@code table} (null when the table does not exist yet). */
    static TableState apply(TableState table, IngestEvent e) {
        if (e.type().equals("table.opened")) {
            if (table != null && e.version() == table.version + 1) {
                // Not a version out of step: a table cannot be opened twice (a 409 with the version
                // just sent as the one expected left a client nothing to do).
                throw Rejection.rule("tableId", "Table '" + table.id + "' already exists (" + (table.open ? "open" : "closed")
                        + ", at version " + table.version + "); table.opened starts a new table: use a new tableId.");
            }
            if (table != null) {
                throw versionConflict(table.version + 1, e);
            }
            if (e.version() != 1) {
                throw versionConflict(1, e);
            }
            return open(e);
        }
        if (table == null) {
            throw new Rejection(422, "unknown-table", "tableId", "There is no table '" + e.tableId() + "'; send table.opened first.", Map.of());
        }
        if (e.version() != table.version + 1) {
            throw versionConflict(table.version + 1, e);
        }
        if (!table.open) {
            throw Rejection.rule("tableId", "Table '" + table.id + "' is closed.");
        }
        table.version = e.version();
        return table;
    }

    /** The action-log line for {@code e}, after the state change; call after {@link #apply}. */
    static String play(TableState table, IngestEvent e) {
        return switch (e.type()) {
            case "table.opened" -> "Table opened: blinds " + table.smallBlind + "/" + table.bigBlind + ", " + table.maxSeats + " seats";
            case "table.closed" -> close(table);
            case "player.seated" -> seat(table, e);
            case "player.left" -> leave(table, e);
            case "hand.started" -> Hands.start(table, e);
            case "player.acted" -> Betting.act(table, e);
            case "cards.dealt" -> Hands.deal(table, e);
            case "hand.ended" -> Hands.end(table, e);
            default -> throw Rejection.rule("type", "Unknown event type '" + e.type() + "'.");
        };
    }

    static Rejection versionConflict(long expected, IngestEvent e) {
        return new Rejection(409, "version-conflict", "version",
                "Table '" + e.tableId() + "' expects version " + expected + " next; this event has " + e.version()
                        + ". Send the events before it first, or resynchronise the table.",
                Map.of("expectedVersion", expected));
    }

    private static TableState open(IngestEvent e) {
        var table = new TableState(e.tableId());
        table.version = 1;
        table.name = e.text("name", 1, 80);
        table.smallBlind = e.whole("smallBlind", 1);
        table.bigBlind = e.whole("bigBlind", table.smallBlind);
        long seats = e.whole("seats", 2);
        if (seats > 10) {
            throw Rejection.rule("seats", "A table has 2 to 10 seats.");
        }
        table.maxSeats = (int) seats;
        return table;
    }

    private static String close(TableState table) {
        if (table.handRunning) {
            throw Rejection.rule("type", "Hand #" + table.handNo + " is still running; end it before closing the table.");
        }
        table.open = false;
        return "Table closed";
    }

    private static String seat(TableState table, IngestEvent e) {
        int number = seatNumber(table, e);
        if (table.seats.containsKey(number)) {
            throw Rejection.rule("seat", "Seat " + number + " is taken by " + table.seats.get(number).name + ".");
        }
        String playerId = e.exact("playerId", 1, 64);
        if (!Games.TABLE_ID.matcher(playerId).matches()) {
            throw Rejection.rule("playerId", "A playerId is 1 to 64 letters, digits, '.', '_' or '-', like every other id: not even a space around it.");
        }
        if (table.seats.values().stream().anyMatch(s -> s.playerId.equals(playerId))) {
            throw Rejection.rule("playerId", "Player '" + playerId + "' is already seated at this table.");
        }
        var seat = new Seat(number, playerId, e.text("name", 1, 40), e.whole("stack", 1));
        table.seats.put(number, seat);
        return seat.name + " sits down in seat " + number + " with " + seat.stack;
    }

    private static String leave(TableState table, IngestEvent e) {
        Seat seat = occupied(table, e);
        if (seat.live() && table.handRunning) {
            throw Rejection.rule("seat", seat.name + " is in hand #" + table.handNo + "; they must fold before leaving.");
        }
        table.seats.remove(seat.number);
        return seat.name + " leaves seat " + seat.number + " with " + seat.stack;
    }

    static int seatNumber(TableState table, IngestEvent e) {
        return seatNumber(table, e, "seat");
    }

    /** The seat number in {@code field} (hand.started names the button's seat in "button"). */
    static int seatNumber(TableState table, IngestEvent e, String field) {
        long number = e.whole(field, 1);
        if (number > table.maxSeats) {
            throw Rejection.rule(field, "Table '" + table.id + "' has seats 1 to " + table.maxSeats + ".");
        }
        return (int) number;
    }

    static Seat occupied(TableState table, IngestEvent e) {
        return occupied(table, e, "seat");
    }

    static Seat occupied(TableState table, IngestEvent e, String field) {
        int number = seatNumber(table, e, field);
        Seat seat = table.seats.get(number);
        if (seat == null) {
            throw Rejection.rule(field, "Seat " + number + " is empty.");
        }
        return seat;
    }

    /** Board cards from a JSON array such as ["Ah","Kd","7c"], none already on the board. */
    static String cards(TableState table, JsonNode array, int count) {
        if (!array.isArray() || array.size() != count) {
            throw Rejection.rule("cards", "This street deals " + count + " card" + (count == 1 ? "" : "s") + ", as an array like [\"Ah\",\"Kd\",\"7c\"].");
        }
        var board = table.boardCards();
        var seen = new HashSet<>(board);
        var out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            JsonNode card = array.get(i);
            String c = card.isTextual() ? card.asText() : "";
            String field = "cards[" + i + "]";
            if (!CARD.matcher(c).matches()) {
                throw Rejection.rule(field, switchboard.web.TextInput.shown(card.toString())
                        + " is not a card: rank 2-9, T, J, Q, K or A, then suit c, d, h or s (e.g. \"Th\").");
            }
            if (!seen.add(c)) {
                throw Rejection.rule(field, "Card " + c + (board.contains(c) ? " is already on the board." : " is dealt twice in this list."));
            }
            out.append(c);
        }
        return out.toString();
    }
}
