package switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Event types that a feature other than the one serving {@code POST /ingest/v1/events} applies
 * (e.g. {@code wager.*} for the dashboard). The wiring hands them to the ingest feature, which
 * keeps the request's keys, idempotency, batch and problem+json rules and dispatches by
 * {@link #prefix}: so features stay apart and the API stays one endpoint.
 */
public interface IngestTypes {
    /** The type prefix these events share, such as {@code wager.}. */
    String prefix();

    /** Every type these events take, named in the message that refuses an unknown type. */
    java.util.Collection<String> types();

    /** Checks one event's form (no database); throws {@link IngestProblem} naming the field. */
    void check(JsonNode event);

    /** Applies the request's new events of these types, in request order, inside its transaction. */
    void apply(DSLContext tx, List<Indexed> events);

    /** An event with its position in the request, which a problem names. */
    record Indexed(int index, JsonNode json) {
    }
}
