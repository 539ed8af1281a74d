package switchboard.polls;

/** The list page's model. */
public record PollListPage(String filter, java.util.List<Poll> polls, String liveUrl) {
}
