package switchboard.dashboard;

import java.util.List;
import java.util.Map;
import switchboard.web.IngestProblem;

/**
 * The words of {@code /admin/wagers/new}. Its wager is checked by the ingest API's rules
 * ({@link WagerEvent}, {@link WagerRules}), whose messages name JSON fields and events
 * ("'odds' … or 'potentialPayout'", "send wager.modified"); a refusal is said here as the form
 * says it: its labels, its one way to give odds, and tied to the input at fault.
 */
final class WagerForm {
    static final List<String> FIELDS = List.of("wagerId", "customerId", "agentId", "stake", "currency", "odds", "market");

    private WagerForm() {
    }

    /** Every field of the form is required (the API's "odds or potentialPayout" is odds here). */
    static void requireAll(Map<String, String> form) {
        form.forEach((field, value) -> {
            if (value.isEmpty()) {
                throw new FieldError(field, FormLabels.of(field) + ": this field is required.");
            }
        });
    }

    /** The ingest rules' refusal in the form's words, on the field it names. */
    static FieldError refusal(IngestProblem p, Map<String, String> form) {
        String field = FIELDS.contains(p.field()) ? p.field() : null;
        if ("wagerId".equals(field) && p.getMessage().contains("placed before")) {
            return new FieldError(field, "Wager id '" + form.get("wagerId") + "' is taken: a wager was placed with it before. Choose another id.");
        }
        String message = p.getMessage().replace("must be a string of ", "must be ");
        for (String name : FIELDS) {
            message = message.replace("'" + name + "'", FormLabels.of(name));
        }
        return new FieldError(field, message);
    }
}
