package switchboard.records;

import java.util.List;

/**
 * A record's page body (a live region): its fields, its history as a diff, and what its kind
 * adds: a meeting's attendees and decisions, an application's next steps, a ledger row's reversal.
 */
public record Detail(Kind kind, Row row, List<HistoryEntry> history, List<String> attendees, List<Decision> decisions,
        List<String> nextSteps, boolean reversible, String csrf) {
}
