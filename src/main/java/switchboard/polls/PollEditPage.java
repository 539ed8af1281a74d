package switchboard.polls;

/** The edit page. */
public record PollEditPage(Poll poll, PollForm form) {
}
