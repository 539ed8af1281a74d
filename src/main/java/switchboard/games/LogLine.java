package switchboard.games;

public record LogLine(long id, Long handNo, String summary) {
}
