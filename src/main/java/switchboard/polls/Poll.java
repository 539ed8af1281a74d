package switchboard.polls;

import java.time.OffsetDateTime;
import java.util.List;

/** A poll with its options and their running totals. */
public record Poll(long id, String question, String status, OffsetDateTime closesAt, int totalVotes, List<Option> options) {
    public record Option(long id, int position, String label, int votes) {
        /** Whole percent of {@code total}, 0 when nobody voted. */
        public int percent(int total) {
            return total == 0 ? 0 : Math.round(100f * votes / total);
        }
    }

    public boolean active() {
        return status.equals("active");
    }

    public boolean closed() {
        return status.equals("closed");
    }

    public boolean draft() {
        return status.equals("draft");
    }

    /**
     * Who may see this poll, its page and its live topic alike: a draft is for admins only (its
     * options are still being written), any other poll for every signed-in account.
     */
    public boolean visibleTo(boolean admin) {
        return admin || !draft();
    }

    public Option option(long optionId) {
        return options.stream().filter(o -> o.id() == optionId).findFirst().orElse(null);
    }
}
