package switchboard.games;

import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_SEATS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.jooq.DSLContext;
import org.jooq.Query;


/** Loading a table's state (locked for the transaction) and writing it back, and its event log. */
final class TableStore {
    private TableStore() {
    }

    /** The table's version as the statement's snapshot saw it, before any wait for its lock. */
    private static final org.jooq.Field<Long> SEEN_VERSION = org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("seen_version"), Long.class);

    /**
     * The tables with their seats, each table's row locked until the transaction ends (in id
     * order, so transactions locking several cannot deadlock); an id with no table maps to null.
     * One statement (the seats joined, only the tables' rows locked), so a group of requests
     * locks all its tables in one round trip.
     *
     * <p>When the statement had to wait for a table's lock, PostgreSQL hands back that table's
     * row as the other transaction committed it, but the seats joined to it as they were when the
     * statement began: applying an event to those and saving them lost every seat and chip the
     * other request had just committed (an outside review: two overlapping requests, both 204,
     * one's seats gone). The table's version as first seen comes along; where it differs from
     * the locked row's, the statement runs again: the locks are held by then, so it does not
     * wait, and its new snapshot sees what was committed (TableLockTest).
     */
    static Map<String, TableState> lock(DSLContext tx, SortedSet<String> ids) {
        var tables = new LinkedHashMap<String, TableState>();
        if (ids.isEmpty()) {
            return tables;
        }
        var seen = POKER_TABLES.as("seen");
        var rows = tx.select(POKER_TABLES.fields())
                .select(POKER_SEATS.fields())
                .select(seen.VERSION.as(SEEN_VERSION))
                .from(POKER_TABLES)
                .join(seen).on(seen.ID.eq(POKER_TABLES.ID))
                .leftJoin(POKER_SEATS).on(POKER_SEATS.TABLE_ID.eq(POKER_TABLES.ID))
                .where(POKER_TABLES.ID.in(ids))
                .orderBy(POKER_TABLES.ID)
                .forUpdate().of(POKER_TABLES)
                .fetchGroups(POKER_TABLES.ID);
        boolean changedWhileWaiting = rows.values().stream()
                .anyMatch(group -> !group.getFirst().get(POKER_TABLES.VERSION).equals(group.getFirst().get(SEEN_VERSION)));
        if (changedWhileWaiting) {
            return lock(tx, ids);
        }
        ids.forEach(id -> tables.put(id, rows.containsKey(id) ? table(id, rows.get(id)) : null));
        return tables;
    }

    private static TableState table(String id, org.jooq.Result<org.jooq.Record> rows) {
        var row = rows.getFirst().into(POKER_TABLES);
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
        for (var r : rows) {
            if (r.get(POKER_SEATS.SEAT) == null) {
                continue;
            }
            var s = r.into(POKER_SEATS);
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

    /**
     * The statements that write the table and its seats back, for {@link #write}; a new table
     * ({@code isNew}) is inserted here and now, so a race to open it fails on its own statement.
     */
    static List<Query> save(DSLContext tx, TableState t, boolean isNew) {
        var now = OffsetDateTime.now();
        if (isNew) {
            tx.insertInto(POKER_TABLES)
                    .set(POKER_TABLES.ID, t.id).set(POKER_TABLES.NAME, t.name)
                    .set(POKER_TABLES.SMALL_BLIND, t.smallBlind).set(POKER_TABLES.BIG_BLIND, t.bigBlind)
                    .set(POKER_TABLES.MAX_SEATS, t.maxSeats).set(POKER_TABLES.VERSION, t.version)
                    .set(POKER_TABLES.STATUS, "open")
                    .execute();
        }
        var writes = new ArrayList<Query>();
        writes.add(tx.update(POKER_TABLES)
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
                .where(POKER_TABLES.ID.eq(t.id)));
        writes.add(tx.deleteFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(t.id)));
        if (!t.seats.isEmpty()) {
            var insert = tx.insertInto(POKER_SEATS, POKER_SEATS.TABLE_ID, POKER_SEATS.SEAT, POKER_SEATS.PLAYER_ID, POKER_SEATS.NAME,
                    POKER_SEATS.STACK, POKER_SEATS.IN_HAND, POKER_SEATS.FOLDED, POKER_SEATS.ALL_IN, POKER_SEATS.ACTED,
                    POKER_SEATS.ROUND_BET, POKER_SEATS.HAND_BET);
            for (Seat s : t.seats.values()) {
                insert = insert.values(t.id, s.number, s.playerId, s.name, s.stack, s.inHand, s.folded, s.allIn, s.acted, s.roundBet, s.handBet);
            }
            writes.add(insert);
        }
        return writes;
    }

    /**
     * Runs the request's writes (tables, seats, the event log) as one JDBC batch: pgjdbc sends
     * them together and reads the answers once, so a single event's writes cost one round trip
     * instead of four. The batch's statements carry their values inline (jOOQ escapes them).
     */
    static void write(DSLContext tx, List<Query> writes) {
        if (writes.size() == 1) {
            writes.getFirst().execute();
        } else if (!writes.isEmpty()) {
            tx.batch(writes).execute();
        }
    }

    /** The statement appending accepted events to the log; the table's trigger publishes each one. */
    static Query log(DSLContext tx, List<Logged> events) {
        var insert = tx.insertInto(POKER_EVENTS, POKER_EVENTS.TABLE_ID, POKER_EVENTS.VERSION, POKER_EVENTS.TYPE, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY);
        for (Logged e : events) {
            insert = insert.values(e.tableId(), e.version(), e.type(), e.handNo(), e.summary());
        }
        return insert;
    }

    record Logged(String tableId, long version, String type, Long handNo, String summary) {
    }

}
