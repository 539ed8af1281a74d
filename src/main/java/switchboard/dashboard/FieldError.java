package switchboard.dashboard;

/** A refused field of an admin form: the message in the form's words, and the field the page marks as invalid and ties it to. */
final class FieldError extends IllegalArgumentException {
    private final String field;
    private final int status;

    /** {@code field}: the input's name, or null when the refusal is about no one input; answered 400. */
    FieldError(String field, String message) {
        this(field, 400, message);
    }

    /** {@code status}: 422 for a character no field takes (a control character), as the records forms answer it. */
    FieldError(String field, int status, String message) {
        super(message);
        this.field = field;
        this.status = status;
    }

    String field() {
        return field;
    }

    int status() {
        return status;
    }
}
