package switchboard.dashboard;

import java.time.OffsetDateTime;

/** An alert: open until someone acknowledges it (who and when are shown). */
public record AlertItem(long id, String agentId, String priority, String rule, String message, OffsetDateTime raisedAt,
                        String acknowledgedBy, OffsetDateTime acknowledgedAt) {
    public boolean open() {
        return acknowledgedAt == null;
    }
}
