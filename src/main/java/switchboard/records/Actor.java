package switchboard.records;

/** Who makes a change through the app: written into the transaction for the audit triggers. */
record Actor(long id, String name) {
}
