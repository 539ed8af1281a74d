package switchboard.ops;

/**
 * One node's figures over its last report interval. Percentiles are upper bounds of the
 * histogram bucket they fall in, in milliseconds; null when nothing was delivered.
 */
record NodeFigures(int streams, double eventsPerSecond, Double deliveryP50Ms, Double deliveryP99Ms, Double listenerLagMs, long droppedStreams,
        int errors) {
}
