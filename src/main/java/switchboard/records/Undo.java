package switchboard.records;

/** The list's Undo of a deletion just made: the record, and the version its deletion left it at. */
public record Undo(long id, long version) {
}
