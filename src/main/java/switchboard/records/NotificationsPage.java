package switchboard.records;

import java.util.List;

/** The account's notifications, newest first. */
public record NotificationsPage(Nav nav, List<Notification> notifications, String liveUrl) {
}
