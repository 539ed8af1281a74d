package switchboard.dashboard;

import java.util.List;
import java.util.TreeSet;

/**
 * {@code /dashboard}: one view (the whole book, or one agent's customers) with its stream's filters.
 * {@code agents} is the admin's agent filter (empty for agents, who see only their own).
 */
public record DashboardPage(String view, Kpis kpis, Alerts alerts, List<WagerItem> wagers, List<ActivityItem> activity,
                            StreamFilter filter, String agentFilter, List<Agent> agents, String liveUrl) {
    /** The same page with its stream's URL, known once the data's snapshot has its seq. */
    DashboardPage streaming(String url) {
        return new DashboardPage(view, kpis, alerts, wagers, activity, filter, agentFilter, agents, url);
    }

    public List<String> statuses() {
        return StreamFilter.STATUSES;
    }

    public List<Integer> bands() {
        return WagerItem.BANDS;
    }

    /** The currencies the view has wagers in, and the one chosen (the form keeps what was sent). */
    public List<String> currencies() {
        var codes = new TreeSet<String>();
        kpis.currencies().forEach(c -> codes.add(c.currency()));
        if (filter.currency() != null && filter.valid()) {
            codes.add(filter.currency());
        }
        return List.copyOf(codes);
    }
}
