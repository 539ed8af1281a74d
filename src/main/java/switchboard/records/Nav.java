package switchboard.records;

import java.util.List;

/** The records menu: the kinds this account may open and the current one (the unread count is the header's bell). */
public record Nav(List<Kind> kinds, String current) {
}
