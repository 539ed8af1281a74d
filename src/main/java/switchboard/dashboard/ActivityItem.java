package switchboard.dashboard;

import java.time.OffsetDateTime;

/** A line of the activity feed; {@code icon} names its kind (placed, settled, big-win, cancelled, sign-in, admin, alert). */
public record ActivityItem(long id, String icon, String text, OffsetDateTime at) {

    public String symbol() {
        return switch (icon) {
            case "placed" -> "＋";
            case "settled" -> "✓";
            case "big-win" -> "★";
            case "cancelled" -> "✕";
            case "sign-in" -> "→";
            case "alert" -> "!";
            default -> "⚙";
        };
    }
}
