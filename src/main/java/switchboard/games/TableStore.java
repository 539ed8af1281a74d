package switchboard.games;

import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_SEATS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;


/** Loading a table's state (locked for the transaction) and writing it back, and its event log. */
final class TableStore {
    private TableStore() {
    }

    /** The table, its row locked until the transaction ends; null when there is none. */
    static TableState lock(DSLContext tx, String id) {
        var row = tx.selectFrom(POKER_TABLES).where(POKER_TABLES.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            return null;
        }
        var table = new TableState(id);
        table.name = row.getName();
        table.smallBlind = row.getSmallBlind();
        table.bigBlind = row.getBigBlind();
        table.maxSeats = row.getMaxSeats();
        table.version = row.getVersion();
        table.open = row.getStatus().equals("open");
        table.handNo = row.getHandNo();
        table.handRunning = row.getHandRunning();
        table.button = row.getButtonSeat();
        table.turn = row.getTurnSeat();
        table.board = row.getBoard();
        table.pot = row.getPot();
        table.currentBet = row.getCurrentBet();
        for (var s : tx.selectFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(id)).fetch()) {
            var seat = new Seat(s.getSeat(), s.getPlayerId(), s.getName(), s.getStack());
            seat.inHand = s.getInHand();
            seat.folded = s.getFolded();
            seat.allIn = s.getAllIn();
            seat.acted = s.getActed();
            seat.roundBet = s.getRoundBet();
            seat.handBet = s.getHandBet();
            table.seats.put(seat.number, seat);
        }
        return table;
    }

    /** Writes the table and its seats; {@code isNew} inserts it. */
    static void save(DSLContext tx, TableState t, boolean isNew) {
        var now = OffsetDateTime.now();
        if (isNew) {
            tx.insertInto(POKER_TABLES)
                    .set(POKER_TABLES.ID, t.id).set(POKER_TABLES.NAME, t.name)
                    .set(POKER_TABLES.SMALL_BLIND, t.smallBlind).set(POKER_TABLES.BIG_BLIND, t.bigBlind)
                    .set(POKER_TABLES.MAX_SEATS, t.maxSeats).set(POKER_TABLES.VERSION, t.version)
                    .set(POKER_TABLES.STATUS, "open")
                    .execute();
        }
        tx.update(POKER_TABLES)
                .set(POKER_TABLES.VERSION, t.version)
                .set(POKER_TABLES.STATUS, t.open ? "open" : "closed")
                .set(POKER_TABLES.HAND_NO, t.handNo)
                .set(POKER_TABLES.HAND_RUNNING, t.handRunning)
                .set(POKER_TABLES.BUTTON_SEAT, t.button)
                .set(POKER_TABLES.TURN_SEAT, t.turn)
                .set(POKER_TABLES.BOARD, t.board)
                .set(POKER_TABLES.POT, t.pot)
                .set(POKER_TABLES.CURRENT_BET, t.currentBet)
                .set(POKER_TABLES.UPDATED_AT, now)
                .where(POKER_TABLES.ID.eq(t.id))
                .execute();
        tx.deleteFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(t.id)).execute();
        if (!t.seats.isEmpty()) {
            var insert = tx.insertInto(POKER_SEATS, POKER_SEATS.TABLE_ID, POKER_SEATS.SEAT, POKER_SEATS.PLAYER_ID, POKER_SEATS.NAME,
                    POKER_SEATS.STACK, POKER_SEATS.IN_HAND, POKER_SEATS.FOLDED, POKER_SEATS.ALL_IN, POKER_SEATS.ACTED,
                    POKER_SEATS.ROUND_BET, POKER_SEATS.HAND_BET);
            for (Seat s : t.seats.values()) {
                insert = insert.values(t.id, s.number, s.playerId, s.name, s.stack, s.inHand, s.folded, s.allIn, s.acted, s.roundBet, s.handBet);
            }
            insert.execute();
        }
    }

    /** Appends accepted events to the log; the table's trigger publishes each one. */
    static void log(DSLContext tx, List<Logged> events) {
        if (events.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(POKER_EVENTS, POKER_EVENTS.TABLE_ID, POKER_EVENTS.VERSION, POKER_EVENTS.TYPE, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY);
        for (Logged e : events) {
            insert = insert.values(e.tableId(), e.version(), e.type(), e.handNo(), e.summary());
        }
        insert.execute();
    }

    record Logged(String tableId, long version, String type, Long handNo, String summary) {
    }

}
