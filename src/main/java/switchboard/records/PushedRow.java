package switchboard.records;

/** A row pushed to open lists: NEW is announced at the top, UPDATED replaces its copy, GONE removes it. */
public record PushedRow(Row row, Change change, String domId) {
    /** What happened to the row. */
    public enum Change { NEW, UPDATED, GONE }
}
