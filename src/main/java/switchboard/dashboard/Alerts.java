package switchboard.dashboard;

import java.util.List;

/**
 * The alerts region: open alerts by priority, then the last few acknowledged. {@code csrf} is the
 * reader's token in a page render, so its forms post without JavaScript; null in the pushed copy,
 * which every viewer shares and which only reaches pages whose htmx sends the token itself.
 */
public record Alerts(List<AlertItem> open, List<AlertItem> acknowledged, String csrf) {
    public Alerts withCsrf(String token) {
        return new Alerts(open, acknowledged, token);
    }

    public List<AlertItem> critical() {
        return open.stream().filter(a -> a.priority().equals("critical")).toList();
    }
}
