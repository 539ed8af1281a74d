package switchboard.dashboard;

/** A refused field of an admin form: the message in the form's words, and the field the page marks as invalid and ties it to. */
final class FieldError extends IllegalArgumentException {
    private final String field;

    /** {@code field}: the input's name, or null when the refusal is about no one input. */
    FieldError(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
