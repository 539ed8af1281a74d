package switchboard.games;

import java.util.List;

public record TableView(String id, String name, boolean open, long smallBlind, long bigBlind, int maxSeats, long handNo,
        boolean handRunning, long pot, List<Card> board, Integer turn, List<SeatRow> seats) {
    public String turnName() {
        return seats.stream().filter(SeatRow::turn).map(SeatRow::name).findFirst().orElse(null);
    }
}
