package switchboard.polls;

/** The stats page's model; the holders count is the hold page's own live region. */
public record StatsPage(PollStats stats, long holding, boolean kiosk, String liveUrl) {
}
