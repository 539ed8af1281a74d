package switchboard.dashboard;

import java.util.List;
import java.util.TreeSet;

/**
 * {@code /dashboard}: one view (the whole book, or one agent's customers) with its stream's filters.
 * {@code agents} is the admin's agent filter (empty for agents, who see only their own);
 * {@code already} an alert someone had acknowledged before this reader's acknowledgement (null: none).
 */
public record DashboardPage(String view, Kpis kpis, Alerts alerts, List<WagerItem> wagers, List<ActivityItem> activity,
                            StreamFilter filter, String agentFilter, List<Agent> agents, AlertItem already, String liveUrl) {
    /** The same page with its stream's URL, known once the data's snapshot has its seq. */
    DashboardPage streaming(String url) {
        return new DashboardPage(view, kpis, alerts, wagers, activity, filter, agentFilter, agents, already, url);
    }

    public List<String> statuses() {
        return StreamFilter.STATUSES;
    }

    public List<Integer> bands() {
        return WagerItem.BANDS;
    }

    /** The currencies the view has wagers in, and the one chosen (the form keeps what was sent, unless it was refused). */
    public List<String> currencies() {
        var codes = new TreeSet<String>();
        kpis.currencies().forEach(c -> codes.add(c.currency()));
        if (filter.currency() != null && WagerEvent.CURRENCY.matcher(filter.currency()).matches() && !"currency".equals(filter.invalid())) {
            codes.add(filter.currency());
        }
        return List.copyOf(codes);
    }

    /** "true" on the filter the page refused (its select's aria-invalid), else null (no attribute). */
    public String invalid(String field) {
        return field.equals(filter.invalid()) ? "true" : null;
    }

    /** The refused filter's message, named by its select's aria-describedby. */
    public String describedBy(String field) {
        return field.equals(filter.invalid()) ? "filter-error" : null;
    }
}
