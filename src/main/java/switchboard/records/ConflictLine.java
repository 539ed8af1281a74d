package switchboard.records;

/** A field someone else changed since the form was opened: their value beside what you typed. */
public record ConflictLine(String label, String who, String at, String before, String theirs, String yours) {
}
