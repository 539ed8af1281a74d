package switchboard.records;

/**
 * What an action on the version a page showed (delete, restore, purge, a workflow step) found,
 * and the version the record is at after it (-1 when there is no record).
 */
record Acted(Outcome outcome, int version) {
    /** DONE; STALE: the record moved on since the page; REFUSED: its state does not allow it; GONE. */
    enum Outcome { DONE, STALE, REFUSED, GONE }

    static Acted done(int version) {
        return new Acted(Outcome.DONE, version);
    }
}
