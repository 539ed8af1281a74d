package switchboard.dashboard;

import java.util.List;

/** The alerts region: open alerts by priority, then the last few acknowledged. */
public record Alerts(List<AlertItem> open, List<AlertItem> acknowledged) {
    public List<AlertItem> critical() {
        return open.stream().filter(a -> a.priority().equals("critical")).toList();
    }
}
