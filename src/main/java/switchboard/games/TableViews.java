package switchboard.games;

import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_SEATS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** What the table pages show, read from the state the ingest API keeps. */
public final class TableViews {
    static final int LOG_LINES = 60;
    static final int HISTORY_HANDS = 20;

    private final DSLContext sql;

    TableViews(DSLContext sql) {
        this.sql = sql;
    }

    public record TableRow(String id, String name, int players, long pot, long handNo, boolean handRunning) {
    }

    public record SeatRow(int number, String name, long stack, long roundBet, boolean inHand, boolean folded, boolean allIn, boolean turn, boolean button) {
    }

    public record Card(char rank, char suit) {
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

    public record TableView(String id, String name, boolean open, long smallBlind, long bigBlind, int maxSeats, long handNo,
                     boolean handRunning, long pot, List<Card> board, Integer turn, List<SeatRow> seats) {
        public String turnName() {
            return seats.stream().filter(SeatRow::turn).map(SeatRow::name).findFirst().orElse(null);
        }
    }

    public record LogLine(long id, Long handNo, String summary) {
    }

    List<TableRow> openTables() {
        var players = DSL.field(DSL.selectCount().from(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(POKER_TABLES.ID)));
        return sql.select(POKER_TABLES.ID, POKER_TABLES.NAME, players, POKER_TABLES.POT, POKER_TABLES.HAND_NO, POKER_TABLES.HAND_RUNNING)
                .from(POKER_TABLES)
                .where(POKER_TABLES.STATUS.eq("open"))
                .orderBy(POKER_TABLES.NAME, POKER_TABLES.ID)
                .fetch(r -> new TableRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    Optional<TableView> table(String id) {
        var t = sql.selectFrom(POKER_TABLES).where(POKER_TABLES.ID.eq(id)).fetchOne();
        if (t == null) {
            return Optional.empty();
        }
        var seats = sql.selectFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(id)).orderBy(POKER_SEATS.SEAT)
                .fetch(s -> new SeatRow(s.getSeat(), s.getName(), s.getStack(), s.getRoundBet(), s.getInHand(), s.getFolded(), s.getAllIn(),
                        s.getSeat().equals(t.getTurnSeat()), s.getSeat().equals(t.getButtonSeat()) && t.getHandRunning()));
        var board = new java.util.ArrayList<Card>();
        for (int i = 0; i + 2 <= t.getBoard().length(); i += 2) {
            board.add(new Card(t.getBoard().charAt(i), t.getBoard().charAt(i + 1)));
        }
        return Optional.of(new TableView(id, t.getName(), t.getStatus().equals("open"), t.getSmallBlind(), t.getBigBlind(), t.getMaxSeats(),
                t.getHandNo(), t.getHandRunning(), t.getPot(), board, t.getTurnSeat(), seats));
    }

    /** The latest log lines, oldest first. */
    List<LogLine> recentLog(String tableId) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY).from(POKER_EVENTS)
                .where(POKER_EVENTS.TABLE_ID.eq(tableId))
                .orderBy(POKER_EVENTS.ID.desc()).limit(LOG_LINES)
                .fetch(r -> new LogLine(r.value1(), r.value2(), r.value3()))
                .reversed();
    }

    List<LogLine> lines(List<Long> ids) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY).from(POKER_EVENTS)
                .where(POKER_EVENTS.ID.in(ids)).orderBy(POKER_EVENTS.ID)
                .fetch(r -> new LogLine(r.value1(), r.value2(), r.value3()));
    }

    List<LogLine> history(String tableId) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY).from(POKER_EVENTS)
                .where(POKER_EVENTS.TABLE_ID.eq(tableId)).and(POKER_EVENTS.TYPE.eq("hand.ended"))
                .orderBy(POKER_EVENTS.ID.desc()).limit(HISTORY_HANDS)
                .fetch(r -> new LogLine(r.value1(), r.value2(), r.value3()));
    }
}
