package switchboard.records;

import java.util.List;

/** A meeting's sub-item forms sent back: refused input kept, or a conflict beside what changed. */
public record MeetingPartPage(Nav nav, Row meeting, MeetingForms forms, List<ConflictLine> conflicts) {
}
