package switchboard.records;

/** Someone with a record's form open ("Ada is editing"); the id lets a page leave out its own reader. */
public record Editor(long userId, String name) {
}
