package switchboard.dashboard;

import java.time.OffsetDateTime;

/** An alert: open until someone acknowledges it (who and when are shown). */
public record AlertItem(long id, String agentId, String priority, String rule, String message, OffsetDateTime raisedAt,
                        String acknowledgedBy, OffsetDateTime acknowledgedAt) {
    public boolean open() {
        return acknowledgedAt == null;
    }

    /** Whose alert it is, as the whole book's view labels it: an agent's, or the book's own (the live feed lagging, a currency's liability). */
    public String agentLabel() {
        return agentId == null ? "Whole book" : "Agent " + agentId;
    }
}
