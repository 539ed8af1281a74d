package switchboard.dashboard;

import java.time.OffsetDateTime;

/** A line of the activity feed; {@code icon} names its kind (placed, modified, settled, big-win, cancelled, sign-in, admin, alert). */
public record ActivityItem(long id, String icon, String text, OffsetDateTime at) {

    public String symbol() {
        return switch (icon) {
            case "placed" -> "＋";
            case "modified" -> "✎";
            case "settled" -> "✓";
            case "big-win" -> "★";
            case "cancelled" -> "✕";
            case "sign-in" -> "→";
            case "alert" -> "!";
            default -> "⚙";
        };
    }

    /** The kind in words, for screen readers: the symbol is decoration (aria-hidden), read as "pencil" or "check mark" otherwise. */
    public String label() {
        return switch (icon) {
            case "placed" -> "Placed";
            case "modified" -> "Changed";
            case "settled" -> "Settled";
            case "big-win" -> "Big win";
            case "cancelled" -> "Cancelled";
            case "sign-in" -> "Sign-in";
            case "alert" -> "Alert";
            default -> "Admin";
        };
    }
}
