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

    public boolean draft() {
        return status.equals("draft");
    }

    public Option option(long optionId) {
        return options.stream().filter(o -> o.id() == optionId).findFirst().orElse(null);
    }
}
