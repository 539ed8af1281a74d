package switchboard.ops;

/** How many streams on one node received a frame carrying a traced change. */
public record NodeDeliveries(String nodeId, long streams) {
}
