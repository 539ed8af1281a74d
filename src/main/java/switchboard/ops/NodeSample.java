package switchboard.ops;

/** One report of a node, {@code ageSeconds} old by the database's clock; {@code stopped}: its last, written as it stopped on purpose. */
record NodeSample(double ageSeconds, boolean stopped, NodeFigures figures) {
}
