package switchboard.records;

import java.util.List;

/** The records menu: the kinds this account may open, the current one, and the unread count. */
public record Nav(List<Kind> kinds, String current, int unread) {
}
