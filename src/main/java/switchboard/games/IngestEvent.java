package switchboard.games;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One event of an ingest request, with typed access to its fields. A missing or mistyped
 * field is a 422 naming it; the index is added by the caller.
 */
record IngestEvent(String type, String tableId, long version, String eventId, JsonNode json) {
    static final Set<String> TYPES = Set.of("table.opened", "table.closed", "player.seated", "player.left",
            "hand.started", "cards.dealt", "player.acted", "hand.ended");
    /**
     * Every whole number in an event (chips, blinds, versions, hand numbers) is at most 10^12: far
     * beyond any real game, and small enough that ten seats' stacks summed into one pot, or a
     * million hands of winnings, cannot overflow a long (or the database's bigint).
     */
    static final long MAX_NUMBER = 1_000_000_000_000L;

    static Rejection unknownType(String type, java.util.Collection<String> known) {
        return Rejection.rule("type", "Unknown event type '" + type + "'; known: " + String.join(", ", new java.util.TreeSet<>(known)) + ".");
    }

    static IngestEvent of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw Rejection.rule(null, "An event is a JSON object with type, tableId and version.");
        }
        String type = exact(json, "type", 1, 20);
        if (!TYPES.contains(type)) {
            throw unknownType(type, TYPES);
        }
        String tableId = exact(json, "tableId", 1, 64);
        if (!Games.TABLE_ID.matcher(tableId).matches()) {
            throw Rejection.rule("tableId", "A tableId is 1 to 64 letters, digits, '.', '_' or '-', and nothing else: not even a space around it.");
        }
        long version = whole(json, "version", 1);
        return new IngestEvent(type, tableId, version, eventId(json), json);
    }

    /** An event another feature applies (see {@link switchboard.web.IngestTypes}): no table, no version. */
    static IngestEvent other(JsonNode json, String type) {
        return new IngestEvent(type, null, 0, eventId(json), json);
    }

    /** The event's own idempotency key, or null when it has none. */
    private static String eventId(JsonNode json) {
        if (!json.has("eventId")) {
            return null;
        }
        String eventId = exact(json, "eventId", 1, 200);
        if (!Games.KEY.matcher(eventId).matches()) {
            throw Rejection.rule("eventId", "An eventId is 1 to 200 printable ASCII characters without spaces.");
        }
        return eventId;
    }

    /** Free text such as a name: the spaces around it are dropped. */
    String text(String field, int min, int max) {
        return text(json, field, min, max);
    }

    /** Text taken exactly as sent (an id, an action): a space around it is part of it. */
    String exact(String field, int min, int max) {
        return exact(json, field, min, max);
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
        return length(field, switchboard.web.TextInput.visible(plain(json, field, min, max)), min, max);
    }

    static String exact(JsonNode json, String field, int min, int max) {
        return length(field, plain(json, field, min, max), min, max);
    }

    /**
     * The string in {@code field}, refused for a control character anywhere in it before any
     * space is stripped: a tab or line break at an end is as much a mistake as one inside.
     */
    private static String plain(JsonNode json, String field, int min, int max) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw Rejection.rule(field, "'" + field + "' must be a string of " + min + " to " + max + " characters.");
        }
        if (switchboard.web.TextInput.controlCharacter(value.asText(), false) >= 0) {
            throw Rejection.rule(field, "'" + field + "' holds a control character (such as NUL, a line break or a text-direction override); send plain text.");
        }
        return value.asText();
    }

    private static String length(String field, String text, int min, int max) {
        int characters = text.codePointCount(0, text.length()); // as PostgreSQL's length() counts: an emoji is one
        if (characters < min || characters > max) {
            throw Rejection.rule(field, "'" + field + "' must be " + min + " to " + max + " characters long.");
        }
        return text;
    }

    static long whole(JsonNode json, String field, long min) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() > MAX_NUMBER) {
            throw Rejection.rule(field, "'" + field + "' must be a whole number from " + min + " to " + MAX_NUMBER + ".");
        }
        long n = value.asLong();
        if (n < min) {
            throw Rejection.rule(field, "'" + field + "' must be at least " + min + "; it is " + n + ".");
        }
        return n;
    }
}
