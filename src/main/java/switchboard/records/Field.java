package switchboard.records;

import java.util.List;

/**
 * One column of a record kind as its form and list show it. {@code options} lists an enum's
 * values; a field that is not {@code editable} is moved by a workflow, never typed.
 */
public record Field(String column, String label, Type type, boolean required, boolean listed, boolean sortable,
        boolean filter, boolean editable, List<String> options) {

    /** How a field is typed, checked and stored. */
    public enum Type { TEXT, LONG_TEXT, NATIONAL_ID, PHONE, INT, MONEY, CURRENCY, DATE, TIME, CHOICE, ACCOUNT, BENEFICIARY, ACCOUNTS }

    static Field text(String column, String label, boolean required) {
        return new Field(column, label, Type.TEXT, required, false, false, false, true, List.of());
    }

    static Field of(String column, String label, Type type, boolean required) {
        return new Field(column, label, type, required, false, false, false, true, List.of());
    }

    static Field choice(String column, String label, String... options) {
        return new Field(column, label, Type.CHOICE, true, true, true, true, true, List.of(options));
    }

    Field shownInList() {
        return new Field(column, label, type, required, true, sortable, filter, editable, options);
    }

    Field sortedBy() {
        return new Field(column, label, type, required, true, true, filter, editable, options);
    }

    Field filteredBy() {
        return new Field(column, label, type, required, listed, sortable, true, editable, options);
    }

    Field movedByWorkflow() {
        return new Field(column, label, type, required, listed, sortable, filter, false, options);
    }

    /** A column of the table (attendees live in their own table). */
    boolean stored() {
        return type != Type.ACCOUNTS;
    }

    /** Shown through a user's or beneficiary's name rather than its id. */
    boolean reference() {
        return type == Type.ACCOUNT || type == Type.BENEFICIARY;
    }

    public String inputType() {
        return switch (type) {
            case INT -> "number";
            case DATE -> "date";
            case TIME -> "datetime-local";
            case PHONE -> "tel";
            default -> "text";
        };
    }

    public boolean multiline() {
        return type == Type.LONG_TEXT;
    }

    public boolean choice() {
        return type == Type.CHOICE;
    }

    public String hint() {
        return switch (type) {
            case NATIONAL_ID -> "11 digits (TC Kimlik No)";
            case PHONE -> "e.g. 0532 123 45 67 or +90 532 123 45 67";
            case MONEY -> "e.g. 1250.50";
            case CURRENCY -> "ISO 4217 code, e.g. TRY, EUR, USD";
            case ACCOUNT -> "username";
            case ACCOUNTS -> "usernames, separated by commas";
            case BENEFICIARY -> "beneficiary number";
            case TIME -> "UTC";
            default -> "";
        };
    }
}
