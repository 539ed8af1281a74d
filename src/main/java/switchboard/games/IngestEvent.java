package switchboard.games;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One event of an ingest request, with typed access to its fields. A missing or mistyped
 * field is a 422 naming it; the index is added by the caller.
 */
record IngestEvent(String type, String tableId, long version, String eventId, JsonNode json) {
    static final Set<String> TYPES = Set.of("table.opened", "table.closed", "player.seated", "player.left",
            "hand.started", "cards.dealt", "player.acted", "hand.ended");
    private static final Pattern TABLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    static IngestEvent of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw Rejection.rule(null, "An event is a JSON object with type, tableId and version.");
        }
        String type = text(json, "type", 1, 20);
        if (!TYPES.contains(type)) {
            throw Rejection.rule("type", "Unknown event type '" + type + "'; known: " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ".");
        }
        String tableId = text(json, "tableId", 1, 64);
        if (!TABLE_ID.matcher(tableId).matches()) {
            throw Rejection.rule("tableId", "A tableId is 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        long version = whole(json, "version", 1);
        String eventId = null;
        if (json.has("eventId")) {
            eventId = text(json, "eventId", 1, 200);
            if (!EVENT_ID.matcher(eventId).matches()) {
                throw Rejection.rule("eventId", "An eventId is 1 to 200 printable ASCII characters without spaces.");
            }
        }
        return new IngestEvent(type, tableId, version, eventId, json);
    }

    String text(String field, int min, int max) {
        return text(json, field, min, max);
    }

    long whole(String field, long min) {
        return whole(json, field, min);
    }

    JsonNode node(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw Rejection.rule(field, "'" + field + "' is required for " + type + ".");
        }
        return value;
    }

    static String text(JsonNode json, String field, int min, int max) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw Rejection.rule(field, "'" + field + "' must be a string of " + min + " to " + max + " characters.");
        }
        String text = value.asText().strip();
        if (text.length() < min || text.length() > max) {
            throw Rejection.rule(field, "'" + field + "' must be " + min + " to " + max + " characters long.");
        }
        return text;
    }

    static long whole(JsonNode json, String field, long min) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw Rejection.rule(field, "'" + field + "' must be a whole number of at least " + min + ".");
        }
        long n = value.asLong();
        if (n < min) {
            throw Rejection.rule(field, "'" + field + "' must be at least " + min + "; it is " + n + ".");
        }
        return n;
    }
}
