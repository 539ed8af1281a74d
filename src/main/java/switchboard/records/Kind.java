package switchboard.records;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import switchboard.records.Field.Type;

/**
 * The six kinds of record, each a table of V11__records.sql with the same conventions (id,
 * version, deleted_at, search_text). {@code staff} says whether STAFF may reach it at all (page,
 * form post, export, live topic); ADMIN reaches every kind. Finance is {@code ledger}: rows are
 * only made by donations, payments and reversals.
 */
public enum Kind {
    BENEFICIARIES("beneficiaries", "Beneficiaries", "beneficiary", true, false, "name",
            Field.text("name", "Name", true).sortedBy(),
            Field.of("national_id", "National id", Type.NATIONAL_ID, true).shownInList(),
            Field.of("phone", "Phone", Type.PHONE, false).shownInList(),
            Field.text("address", "Address", false),
            Field.of("household_size", "Household size", Type.INT, true).sortedBy(),
            Field.choice("status", "Status", "active", "passive", "deceased"),
            Field.of("notes", "Notes", Type.LONG_TEXT, false)),
    APPLICATIONS("applications", "Aid applications", "application", true, false, "aid_kind",
            Field.of("beneficiary_id", "Beneficiary", Type.BENEFICIARY, true).shownInList(),
            Field.choice("aid_kind", "Kind of aid", "cash", "food", "education", "health", "rent", "other"),
            Field.of("amount_requested", "Amount requested", Type.MONEY, true).sortedBy(),
            Field.of("currency", "Currency", Type.CURRENCY, true).shownInList(),
            Field.choice("status", "Status", "submitted", "in_review", "approved", "rejected", "paid").movedByWorkflow(),
            Field.text("status_by", "Moved by", false).movedByWorkflow(),
            Field.of("status_at", "Moved at", Type.TIME, false).movedByWorkflow(),
            Field.of("handler_id", "Handler", Type.ACCOUNT, false).shownInList(),
            Field.of("notes", "Notes", Type.LONG_TEXT, false)),
    DONATIONS("donations", "Donations", "donation", false, false, "donor_name",
            Field.text("donor_name", "Donor", true).sortedBy(),
            Field.text("donor_contact", "Donor contact", false),
            Field.of("amount", "Amount", Type.MONEY, true).sortedBy(),
            Field.of("currency", "Currency", Type.CURRENCY, true).shownInList().filteredBy(),
            Field.choice("method", "Method", "cash", "card", "transfer", "online"),
            Field.choice("status", "Status", "pledged", "received", "refunded"),
            Field.of("transaction_date", "Date", Type.DATE, true).sortedBy(),
            Field.of("notes", "Notes", Type.LONG_TEXT, false)),
    FINANCE("finance", "Finance ledger", "ledger entry", false, true, "description",
            Field.choice("entry", "Entry", "income", "expense"),
            Field.of("amount", "Amount", Type.MONEY, true).sortedBy(),
            Field.of("currency", "Currency", Type.CURRENCY, true).shownInList().filteredBy(),
            Field.choice("source", "Source", "donation", "refund", "application", "reversal"),
            Field.text("description", "Description", true).shownInList(),
            Field.of("booked_at", "Booked", Type.TIME, true).sortedBy()),
    TASKS("tasks", "Tasks", "task", true, false, "title",
            Field.text("title", "Title", true).sortedBy(),
            Field.of("description", "Description", Type.LONG_TEXT, false),
            Field.of("assignee_id", "Assignee", Type.ACCOUNT, false).shownInList(),
            Field.of("due_date", "Due", Type.DATE, false).shownInList(),
            Field.choice("priority", "Priority", "low", "normal", "high", "urgent"),
            Field.choice("status", "Status", "open", "doing", "done", "cancelled")),
    MEETINGS("meetings", "Meetings", "meeting", true, false, "title",
            Field.text("title", "Title", true).sortedBy(),
            Field.of("starts_at", "Starts", Type.TIME, true).sortedBy(),
            Field.of("organizer_id", "Organizer", Type.ACCOUNT, false).shownInList(),
            Field.text("location", "Location", false).shownInList(),
            Field.of("attendees", "Attendees", Type.ACCOUNTS, false),
            Field.of("notes", "Notes", Type.LONG_TEXT, false));

    private final String slug;
    private final String label;
    private final String noun;
    private final boolean staff;
    private final boolean ledger;
    private final String titleColumn;
    private final List<Field> fields;

    Kind(String slug, String label, String noun, boolean staff, boolean ledger, String titleColumn, Field... fields) {
        this.slug = slug;
        this.label = label;
        this.noun = noun;
        this.staff = staff;
        this.ledger = ledger;
        this.titleColumn = titleColumn;
        this.fields = List.of(fields);
    }

    public String slug() {
        return slug;
    }

    public String label() {
        return label;
    }

    public String noun() {
        return noun;
    }

    /** Whether STAFF may work with this kind (ADMIN may with all). */
    public boolean staff() {
        return staff;
    }

    /** The finance ledger: never edited, deleted or created by hand. */
    /** Whether its list shows totals per currency (received donations, the ledger's balance). */
    public boolean totalled() {
        return this == DONATIONS || ledger();
    }

    public boolean ledger() {
        return ledger;
    }

    public String titleColumn() {
        return titleColumn;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<Field> listed() {
        return fields.stream().filter(Field::listed).toList();
    }

    public List<Field> editable() {
        return fields.stream().filter(Field::editable).toList();
    }

    public List<Field> filters() {
        return fields.stream().filter(Field::filter).toList();
    }

    Optional<Field> field(String column) {
        return fields.stream().filter(f -> f.column().equals(column)).findFirst();
    }

    static Optional<Kind> of(String slug) {
        return Arrays.stream(values()).filter(k -> k.slug.equals(slug)).findFirst();
    }

    /** The form of a {@code records:<kind>} topic's argument. */
    static String slugPattern() {
        return String.join("|", Arrays.stream(values()).map(Kind::slug).toList());
    }
}
