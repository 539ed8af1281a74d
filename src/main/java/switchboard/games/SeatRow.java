package switchboard.games;

public record SeatRow(int number, String name, long stack, long roundBet, boolean inHand, boolean folded, boolean allIn, boolean turn, boolean button) {
}
