package switchboard.dashboard;

import java.util.List;

/**
 * {@code /dashboard}: one view (the whole book, or one agent's customers) with its filters.
 * {@code agents} is the admin's agent filter (empty for agents, who see only their own).
 */
public record DashboardPage(String view, Kpis kpis, Alerts alerts, List<WagerItem> wagers, List<ActivityItem> activity,
                            String status, int minStake, String agentFilter, List<Agent> agents, String liveUrl) {
    /** The same page with its stream's URL, known once the data's snapshot has its seq. */
    DashboardPage streaming(String url) {
        return new DashboardPage(view, kpis, alerts, wagers, activity, status, minStake, agentFilter, agents, url);
    }

    public List<String> statuses() {
        return List.of("pending", "won", "lost", "void", "cancelled");
    }

    public List<Integer> bands() {
        return WagerItem.BANDS;
    }
}
