package switchboard.polls;

import java.util.List;

/** The admin list page: every poll, and the new-poll form. */
public record PollAdminPage(List<Poll> polls, PollForm form) {
}
