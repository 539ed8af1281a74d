package switchboard.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's admin pages: alert thresholds ({@code /admin/alerts}), agents and their
 * accounts ({@code /admin/agents}) and placing a wager by hand ({@code /admin/wagers/new}).
 * {@code form} holds the last submitted values so a refused form keeps them.
 */
public record DashboardAdminPage(String section, AlertSettings settings, List<CurrencyThreshold> currencyThresholds, List<Agent> agents, Map<String, String> form,
                                 String error, String notice) {
    public String value(String field) {
        return form.getOrDefault(field, "");
    }

    /** What a field shows: the value just sent when its own form was refused, else what is saved. */
    public String value(String field, Object saved) {
        return form.containsKey(field) ? form.get(field) : String.valueOf(saved);
    }
}
