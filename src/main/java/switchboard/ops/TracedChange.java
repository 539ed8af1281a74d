package switchboard.ops;

import java.time.OffsetDateTime;

/** A change an ingest request's transaction committed: its seq in change_log and when. */
public record TracedChange(long seq, String topic, String kind, OffsetDateTime committed) {
}
