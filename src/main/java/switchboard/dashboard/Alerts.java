package switchboard.dashboard;

import java.util.List;

/**
 * The alerts region: open alerts by priority, then the last few acknowledged. {@code csrf} is the
 * reader's token in a page render, so its forms post without JavaScript; null in the pushed copy,
 * which every viewer shares and which only reaches pages whose htmx sends the token itself.
 * {@code wholeBook}: the view is the whole book's, where each alert names its agent (an agent's
 * own view holds only their alerts).
 */
public record Alerts(List<AlertItem> open, List<AlertItem> acknowledged, String csrf, boolean wholeBook) {
    public Alerts withCsrf(String token) {
        return new Alerts(open, acknowledged, token, wholeBook);
    }

    public List<AlertItem> critical() {
        return open.stream().filter(a -> a.priority().equals("critical")).toList();
    }
}
