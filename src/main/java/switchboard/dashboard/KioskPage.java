package switchboard.dashboard;

/** {@code /dashboard/kiosk}: the whole book on a wall screen; {@code refreshSeconds} drives the no-JavaScript meta refresh. */
public record KioskPage(Kpis kpis, Alerts alerts, java.util.List<WagerItem> wagers, int refreshSeconds, String liveUrl) {
}
