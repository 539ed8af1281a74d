package switchboard.records;

import java.util.List;

/** A record's page: the live body, who is editing it, and a meeting's sub-item forms (null for other kinds). */
public record DetailPage(Nav nav, Detail detail, List<Editor> editors, long me, String liveUrl, MeetingForms forms) {
}
