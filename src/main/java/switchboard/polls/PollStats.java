package switchboard.polls;

/** Site totals for {@code /stats}, read from counters kept as votes happen. */
public record PollStats(long polls, long votes, long members, long votesLastHour) {
}
