package switchboard.ops;

import java.util.List;

/**
 * The ops page's model: every node, and the result of "trace one event" when a key was given
 * ({@code query} empty otherwise; {@code problem} says why a query could not be run).
 */
public record OpsPage(List<NodeRow> nodes, String liveUrl, String query, String problem, List<EventTrace> traces) {
}
