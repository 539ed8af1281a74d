package switchboard.games;

import static switchboard.db.jooq.Tables.POKER_EVENTS;
import static switchboard.db.jooq.Tables.POKER_SEATS;
import static switchboard.db.jooq.Tables.POKER_TABLES;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** What the table pages show, read from the state the ingest API keeps. */
final class TableViews {
    static final int LOG_LINES = 60;
    static final int HISTORY_HANDS = 20;

    private final DSLContext sql;

    TableViews(DSLContext sql) {
        this.sql = sql;
    }

    List<TableRow> openTables() {
        var players = DSL.field(DSL.selectCount().from(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(POKER_TABLES.ID)));
        return sql.select(POKER_TABLES.ID, POKER_TABLES.NAME, players, POKER_TABLES.POT, POKER_TABLES.HAND_NO, POKER_TABLES.HAND_RUNNING)
                .from(POKER_TABLES)
                .where(POKER_TABLES.STATUS.eq("open"))
                .orderBy(POKER_TABLES.NAME, POKER_TABLES.ID)
                .fetch(Records.mapping(TableRow::new));
    }

    Optional<TableView> table(String id) {
        var t = sql.selectFrom(POKER_TABLES).where(POKER_TABLES.ID.eq(id)).fetchOne();
        if (t == null) {
            return Optional.empty();
        }
        var seats = sql.selectFrom(POKER_SEATS).where(POKER_SEATS.TABLE_ID.eq(id)).orderBy(POKER_SEATS.SEAT)
                .fetch(s -> new SeatRow(s.getSeat(), s.getName(), s.getStack(), s.getRoundBet(), s.getInHand(), s.getFolded(), s.getAllIn(),
                        s.getSeat().equals(t.getTurnSeat()), s.getSeat().equals(t.getButtonSeat()) && t.getHandRunning()));
        return Optional.of(new TableView(id, t.getName(), t.getStatus().equals("open"), t.getSmallBlind(), t.getBigBlind(), t.getMaxSeats(),
                t.getHandNo(), t.getHandRunning(), t.getPot(), Card.onBoard(t.getBoard()), t.getTurnSeat(), seats));
    }

    /** The latest log lines, oldest first. */
    List<LogLine> recentLog(String tableId) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY)
                .from(POKER_EVENTS)
                .where(POKER_EVENTS.TABLE_ID.eq(tableId))
                .orderBy(POKER_EVENTS.ID.desc())
                .limit(LOG_LINES)
                .fetch(Records.mapping(LogLine::new))
                .reversed();
    }

    List<LogLine> lines(List<Long> ids) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY)
                .from(POKER_EVENTS)
                .where(POKER_EVENTS.ID.in(ids))
                .orderBy(POKER_EVENTS.ID)
                .fetch(Records.mapping(LogLine::new));
    }

    List<LogLine> history(String tableId) {
        return sql.select(POKER_EVENTS.ID, POKER_EVENTS.HAND_NO, POKER_EVENTS.SUMMARY)
                .from(POKER_EVENTS)
                .where(POKER_EVENTS.TABLE_ID.eq(tableId))
                .and(POKER_EVENTS.TYPE.eq(Games.HAND_ENDED))
                .orderBy(POKER_EVENTS.ID.desc())
                .limit(HISTORY_HANDS)
                .fetch(Records.mapping(LogLine::new));
    }
}
