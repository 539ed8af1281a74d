package switchboard.web;

/**
 * The header's notifications bell of a signed-in account that receives notifications: the unread
 * count drawn on the page (so it is right without JavaScript), the account's live topic, and a
 * stream of that topic alone for pages that have no stream of their own to carry it (bell.js).
 */
public record HeaderBell(int unread, String topic, String stream) {
}
