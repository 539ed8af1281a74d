package switchboard.polls;

/**
 * A poll page's model: the poll, this member's vote (option id), and whether they may vote; the
 * kiosk layout also shows where to vote ({@code joinUrl}, and as a QR code; null elsewhere).
 */
public record PollPage(Poll poll, Long myVote, boolean canVote, boolean kiosk, String liveUrl, String joinUrl, switchboard.web.QrCode qr) {
}
