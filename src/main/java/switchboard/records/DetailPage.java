package switchboard.records;

import java.util.List;

/** A record's page: the live body and who is editing it. */
public record DetailPage(Nav nav, Detail detail, List<Editor> editors, long me, String liveUrl) {
}
