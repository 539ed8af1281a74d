package switchboard.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's admin pages: alert thresholds ({@code /admin/alerts}), agents and their
 * accounts ({@code /admin/agents}) and placing a wager by hand ({@code /admin/wagers/new}).
 * {@code form} holds the last submitted values so a refused form keeps them; {@code errorField}
 * is the input the error is about (null: none), marked {@code aria-invalid} and pointing at it.
 */
public record DashboardAdminPage(String section, AlertSettings settings, List<CurrencyThreshold> currencyThresholds, List<Agent> agents, Map<String, String> form,
                                 String error, String errorField, String notice) {
    public String value(String field) {
        return form.getOrDefault(field, "");
    }

    /** What a field shows: the value just sent when its own form was refused, else what is saved. */
    public String value(String field, Object saved) {
        return form.containsKey(field) ? form.get(field) : String.valueOf(saved);
    }

    /** "true" on the input the error is about (its aria-invalid), else null (no attribute). */
    public String invalid(String field) {
        return field.equals(errorField) ? "true" : null;
    }

    /** The error's id, for the aria-describedby of the input it is about. */
    public String describedBy(String field) {
        return field.equals(errorField) ? "form-error" : null;
    }
}
