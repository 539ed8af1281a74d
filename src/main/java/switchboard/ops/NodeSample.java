package switchboard.ops;

/** One report of a node, {@code ageSeconds} old by the database's clock. */
record NodeSample(double ageSeconds, NodeFigures figures) {
}
