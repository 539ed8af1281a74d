package switchboard.web;

/**
 * Why an event given to {@link IngestTypes} was refused: a status (422 for a broken rule), the
 * field at fault and a message for the sender. Thrown inside the request's transaction, so
 * nothing of the request is kept; {@code index} is the event's position, or -1 before it is known.
 */
public final class IngestProblem extends RuntimeException {
    private final int status;
    private final String field;
    private final int index;

    public IngestProblem(int status, String field, String detail, int index) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
        this.index = index;
    }

    /** A rule the event breaks: 422 naming {@code field}. */
    public static IngestProblem rule(String field, String detail) {
        return new IngestProblem(422, field, detail, -1);
    }

    public IngestProblem at(int eventIndex) {
        return new IngestProblem(status, field, getMessage(), eventIndex);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public int index() {
        return index;
    }
}
