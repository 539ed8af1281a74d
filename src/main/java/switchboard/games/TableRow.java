package switchboard.games;

public record TableRow(String id, String name, int players, long pot, long handNo, boolean handRunning) {
}
