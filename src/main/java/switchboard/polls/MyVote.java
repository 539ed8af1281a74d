package switchboard.polls;

/** What the voter's own box says: the option they chose, or why the vote was refused. */
public record MyVote(String chosen, String refusal) {
}
