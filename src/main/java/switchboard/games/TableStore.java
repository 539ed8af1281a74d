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
import org.jooq.Field;
import org.jooq.impl.DSL;
import switchboard.db.ArrayRows;
import switchboard.db.RenderedQuery;


/** Loading a table's state (locked for the transaction) and writing it back, and its event log. */
final class TableStore {
    private TableStore() {
    }

    /**
     * The tables with their seats, each table's row locked until the transaction ends (in id
     * order, so transactions locking several cannot deadlock); an id with no table maps to null.
     * One statement (the seats joined, only the tables' rows locked): the seats are read under
     * the same lock, and a group of requests locks all its tables in one round trip.
     */
    static Map<String, TableState> lock(DSLContext tx, SortedSet<String> ids) {
        var tables = new LinkedHashMap<String, TableState>();
        if (ids.isEmpty()) {
            return tables;
        }
        var rows = LOCK.fetch(tx, (Object) ids.toArray(String[]::new)).intoGroups(POKER_TABLES.ID);
        ids.forEach(id -> tables.put(id, rows.containsKey(id) ? table(id, rows.get(id)) : null));
        return tables;
    }

    /*
     * The ingest path's statements are built here once and rendered once (RenderedQuery): jOOQ
     * rendering them again for every request was about a fifth of the node's CPU per event. Rows
     * go in as arrays, one per column, so one text serves any number of tables, seats and events.
     */
    private static final RenderedQuery LOCK = RenderedQuery.of(DSL.select(POKER_TABLES.fields())
            .select(POKER_SEATS.fields())
            .from(POKER_TABLES)
            .leftJoin(POKER_SEATS).on(POKER_SEATS.TABLE_ID.eq(POKER_TABLES.ID))
            .where(POKER_TABLES.ID.eq(DSL.any(DSL.param("ids", String[].class))))
            .orderBy(POKER_TABLES.ID)
            .forUpdate().of(POKER_TABLES), fields(), "ids");

    private static List<Field<?>> fields() {
        var fields = new ArrayList<Field<?>>(List.of(POKER_TABLES.fields()));
        fields.addAll(List.of(POKER_SEATS.fields()));
        return fields;
    }

    private static final ArrayRows.Shape TABLES = ArrayRows.Shape.of("t", "id", String.class, "version", Long.class, "status", String.class,
            "hand_no", Long.class, "hand_running", Boolean.class, "button_seat", Integer.class, "turn_seat", Integer.class,
            "board", String.class, "pot", Long.class, "current_bet", Long.class);
    private static final ArrayRows.Shape SEATS = ArrayRows.Shape.of("s", "table_id", String.class, "seat", Integer.class, "player_id", String.class,
            "name", String.class, "stack", Long.class, "in_hand", Boolean.class, "folded", Boolean.class, "all_in", Boolean.class,
            "acted", Boolean.class, "round_bet", Long.class, "hand_bet", Long.class);
    private static final ArrayRows.Shape EVENTS = ArrayRows.Shape.of("e", "table_id", String.class, "version", Long.class, "type", String.class,
            "hand_no", Long.class, "summary", String.class);

    /**
     * Every write of a transaction's tables, as four statements sent together (pgjdbc sends a
     * text of several statements in one round trip, as it did the JDBC batch before): the tables'
     * rows, their seats deleted and inserted again, and the event log, whose trigger publishes
     * each event.
     */
    private static final RenderedQuery WRITE = RenderedQuery.of(DSL.queries(
            DSL.update(POKER_TABLES)
                    .set(POKER_TABLES.VERSION, TABLES.field("version", Long.class))
                    .set(POKER_TABLES.STATUS, TABLES.field("status", String.class))
                    .set(POKER_TABLES.HAND_NO, TABLES.field("hand_no", Long.class))
                    .set(POKER_TABLES.HAND_RUNNING, TABLES.field("hand_running", Boolean.class))
                    .set(POKER_TABLES.BUTTON_SEAT, TABLES.field("button_seat", Integer.class))
                    .set(POKER_TABLES.TURN_SEAT, TABLES.field("turn_seat", Integer.class))
                    .set(POKER_TABLES.BOARD, TABLES.field("board", String.class))
                    .set(POKER_TABLES.POT, TABLES.field("pot", Long.class))
                    .set(POKER_TABLES.CURRENT_BET, TABLES.field("current_bet", Long.class))
                    .set(POKER_TABLES.UPDATED_AT, DSL.param("now", OffsetDateTime.class))
                    .from(TABLES.table())
                    .where(POKER_TABLES.ID.eq(TABLES.field("id", String.class))),
            DSL.deleteFrom(POKER_SEATS)
                    .where(POKER_SEATS.TABLE_ID.eq(DSL.any(DSL.param("ids", String[].class)))),
            DSL.insertInto(POKER_SEATS, POKER_SEATS.TABLE_ID, POKER_SEATS.SEAT, POKER_SEATS.PLAYER_ID, POKER_SEATS.NAME,
                    POKER_SEATS.STACK, POKER_SEATS.IN_HAND, POKER_SEATS.FOLDED, POKER_SEATS.ALL_IN, POKER_SEATS.ACTED,
                    POKER_SEATS.ROUND_BET, POKER_SEATS.HAND_BET)
                    .select(DSL.select(SEATS.field("table_id", String.class), SEATS.field("seat", Integer.class), SEATS.field("player_id", String.class),
                            SEATS.field("name", String.class), SEATS.field("stack", Long.class), SEATS.field("in_hand", Boolean.class),
                            SEATS.field("folded", Boolean.class), SEATS.field("all_in", Boolean.class), SEATS.field("acted", Boolean.class),
                            SEATS.field("round_bet", Long.class), SEATS.field("hand_bet", Long.class))
                    .from(SEATS.table())),
            DSL.insertInto(POKER_EVENTS, POKER_EVENTS.TABLE_ID, POKER_EVENTS.VERSION, POKER_EVENTS.TYPE, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY)
                    .select(DSL.select(EVENTS.field("table_id", String.class), EVENTS.field("version", Long.class), EVENTS.field("type", String.class),
                            EVENTS.field("hand_no", Long.class), EVENTS.field("summary", String.class))
                    .from(EVENTS.table()))), List.of(),
            params("now", TABLES.params(), "ids", SEATS.params(), EVENTS.params()));

    private static String[] params(Object... namesAndLists) {
        var all = new ArrayList<String>();
        for (Object o : namesAndLists) {
            if (o instanceof List<?> names) {
                names.forEach(n -> all.add((String) n));
            } else {
                all.add((String) o);
            }
        }
        return all.toArray(String[]::new);
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

    /** Inserts a table opened by this transaction, now, so a race to open it fails on its own statement. */
    static void open(DSLContext tx, TableState t) {
        tx.insertInto(POKER_TABLES)
                .set(POKER_TABLES.ID, t.id).set(POKER_TABLES.NAME, t.name)
                .set(POKER_TABLES.SMALL_BLIND, t.smallBlind).set(POKER_TABLES.BIG_BLIND, t.bigBlind)
                .set(POKER_TABLES.MAX_SEATS, t.maxSeats).set(POKER_TABLES.VERSION, t.version)
                .set(POKER_TABLES.STATUS, "open")
                .execute();
    }

    /**
     * Writes the tables and their seats back and appends the accepted events to the log, in one
     * round trip ({@link #WRITE}); the tables were locked (or opened) by this transaction.
     */
    static void write(DSLContext tx, java.util.Collection<TableState> tables, List<Logged> events) {
        var t = new ArrayRows(TABLES, tables.size());
        var s = new ArrayRows(SEATS, tables.stream().mapToInt(table -> table.seats.size()).sum());
        for (TableState table : tables) {
            t.add(table.id, table.version, table.open ? "open" : "closed", table.handNo, table.handRunning, table.button, table.turn,
                    table.board, table.pot, table.currentBet);
            for (Seat seat : table.seats.values()) {
                s.add(table.id, seat.number, seat.playerId, seat.name, seat.stack, seat.inHand, seat.folded, seat.allIn, seat.acted,
                        seat.roundBet, seat.handBet);
            }
        }
        var e = new ArrayRows(EVENTS, events.size());
        events.forEach(event -> e.add(event.tableId(), event.version(), event.type(), event.handNo(), event.summary()));
        var values = new ArrayList<Object>();
        values.add(OffsetDateTime.now());
        values.addAll(t.columns());
        values.add(t.columns().getFirst());
        values.addAll(s.columns());
        values.addAll(e.columns());
        WRITE.execute(tx, values.toArray());
    }

    record Logged(String tableId, long version, String type, Long handNo, String summary) {
    }

}
