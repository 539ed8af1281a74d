package switchboard.polls;

/** What {@code /hold} shows: the count at render time and the stream that continues from it. */
public record HoldPage(long count, String liveUrl) {
}
