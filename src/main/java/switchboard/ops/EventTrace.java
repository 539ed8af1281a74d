package switchboard.ops;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One ingest request or event found by its key: when it was received (its transaction began),
 * the changes it committed and their deliveries per node. {@code traceable} is false for a key
 * claimed before traces were recorded.
 */
public record EventTrace(String keyKind, String apiKey, OffsetDateTime received, boolean traceable, List<TracedChange> changes,
        List<NodeDeliveries> deliveries) {
}
