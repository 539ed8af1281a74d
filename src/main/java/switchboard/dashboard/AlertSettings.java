package switchboard.dashboard;

import java.math.BigDecimal;

/** The built-in alert rules' thresholds, set at {@code /admin/alerts}. */
public record AlertSettings(BigDecimal bigWager, int liabilityJumpPct, BigDecimal customerExposure, int feedLagMs) {
}
