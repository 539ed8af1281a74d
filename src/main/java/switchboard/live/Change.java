package switchboard.live;

import java.time.Instant;

/** One row of change_log: something about {@code topic} changed at commit {@code seq}. */
public record Change(long seq, String topic, String kind, Long entityId, Instant at) {
}
