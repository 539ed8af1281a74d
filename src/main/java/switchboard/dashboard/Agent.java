package switchboard.dashboard;

/** An agent: a book of customers an AGENT account may watch. */
public record Agent(String id, String name) {
}
