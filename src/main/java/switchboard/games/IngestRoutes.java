package switchboard.games;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.web.IngestProblem;
import switchboard.web.IngestTypes;
import switchboard.web.Json;
import switchboard.web.TextInput;
import switchboard.web.Problem;

/** {@code POST /ingest/v1/events}: one event or an array of up to 500, applied all or nothing. */
final class IngestRoutes {
    private final Ingest ingest;
    private final IngestGroups groups;
    private final Auth auth;

    IngestRoutes(Ingest ingest, IngestGroups groups, Auth auth) {
        this.ingest = ingest;
        this.groups = groups;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.post("/ingest/v1/events", Access.INGEST, this::events);
    }

    private void events(Context ctx) {
        try {
            int applied = groups.accept(parse(ctx));
            ctx.header("X-Events-Applied", String.valueOf(applied)).status(204);
        } catch (Rejection r) {
            Problem.send(ctx, r.status, r.type, r.getMessage(), r.field, r.extra);
        }
    }

    private Ingest.Request parse(Context ctx) {
        eachHeaderOnce(ctx);
        JsonNode body = readBody(ctx);
        List<JsonNode> nodes = eventNodes(body);
        String key = idempotencyKey(ctx);
        var events = new ArrayList<IngestEvent>();
        for (int i = 0; i < nodes.size(); i++) {
            events.add(event(nodes.get(i), key != null, i));
        }
        var apiKey = auth.apiKey(ctx).orElseThrow();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).tableId() == null && apiKey.tables() != null) {
                throw new Rejection(403, "table-not-allowed", "type", "This API key may write only to the tables " + apiKey.tables()
                        + "; " + events.get(i).type() + " events need a key without a table limit.", Map.of()).at(i);
            }
            if (events.get(i).tableId() != null && !apiKey.mayWrite(events.get(i).tableId())) {
                throw new Rejection(403, "table-not-allowed", "tableId", "This API key may write only to the tables " + apiKey.tables()
                        + "; ask an admin for a key for table '" + events.get(i).tableId() + "'.", Map.of()).at(i);
            }
        }
        return new Ingest.Request(apiKey.id(), key, body, events);
    }

    /** A Content-Type's charset parameter (lower-cased first), e.g. {@code ; charset="utf-8"}. */
    private static final java.util.regex.Pattern CHARSET = java.util.regex.Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";]*)");

    /**
     * A parser's message without its advice to the server's programmers ("enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`", "from `StreamReadConstraints...`"): the
     * client cannot change those settings, only its JSON.
     */
    static String plain(String message) {
        return message.replaceAll(" \\(from `[^`]*`\\)", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll(" ?\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)", " (JSON has no comments)")
                .replaceAll(":? *\\(?enable `[^`]*`[^)\\n]*\\)?", "")
                .replaceAll("`[A-Za-z.]*(Feature|Constraints)[^`]*`", "")
                .strip();
    }

    private JsonNode readBody(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new Rejection(415, "unsupported-media-type", "Content-Type", "The body must be JSON sent with 'Content-Type: application/json'"
                    + (type.isEmpty() ? "; this request has no Content-Type." : "; this one is '" + TextInput.shown(type) + "'."), Map.of());
        }
        var charset = CHARSET.matcher(ctx.contentType().toLowerCase(java.util.Locale.ROOT));
        if (charset.find() && !charset.group(1).equals("utf-8") && !charset.group(1).equals("utf8")) {
            throw new Rejection(415, "unsupported-media-type", "Content-Type", "The body must be UTF-8; this request says charset="
                    + TextInput.shown(charset.group(1)) + ". Send it as UTF-8 (or leave the charset out).", Map.of());
        }
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new Rejection(415, "unsupported-media-type", "Content-Encoding", "Compressed bodies are not taken (Content-Encoding: "
                    + TextInput.shown(encoding) + "); send the JSON uncompressed.", Map.of());
        }
        JsonNode body;
        try {
            body = Json.readStrict(ctx.bodyAsBytes());
        } catch (Json.NumberException e) {
            throw number(e);
        } catch (JsonProcessingException e) {
            throw new Rejection(400, "invalid-json", null, "The body is not valid JSON: " + plain(e.getOriginalMessage()), Map.of());
        } catch (java.io.IOException e) {
            throw new Rejection(400, "invalid-json", null, "The body could not be read: " + e.getMessage(), Map.of());
        }
        if (body == null || !(body.isObject() || body.isArray())) {
            throw new Rejection(400, "invalid-json", null, "The body must be one event (a JSON object) or an array of events.", Map.of());
        }
        return body;
    }

    /**
     * 422 at the event and field of a number written with an exponent (amounts are plain
     * decimals, docs/ingest.md) or too long to read: the field is named as every other refusal
     * names it ({@code events[0].winners[1].amount}), not with the parser's words.
     */
    private static Rejection number(Json.NumberException e) {
        var path = new ArrayList<>(e.path().isEmpty() ? List.<String>of() : List.of(e.path().substring(1).split("/")));
        int index = 0;
        if (e.inArray() && !path.isEmpty() && path.getFirst().matches("\\d{1,4}")) {
            index = Integer.parseInt(path.removeFirst());
        }
        var field = new StringBuilder();
        path.forEach(step -> field.append(step.matches("\\d{1,4}") ? "[" + step + "]" : (field.isEmpty() ? "" : ".") + step));
        if (e.tooLong()) {
            return Rejection.rule(field.isEmpty() ? null : field.toString(), (field.isEmpty() ? "A number" : "'" + field + "'") + " is too long: at most "
                    + Json.maxDigits() + " digits are read, and no amount needs more than 15 before the point and 20 after.").at(index);
        }
        return Rejection.rule(field.isEmpty() ? null : field.toString(), "Numbers are plain decimals such as 1000 or 12.50, without an exponent; got "
                + TextInput.shown(e.number()) + ".").at(index);
    }

    /** One event, or the array's events: 1 to {@link Ingest#MAX_EVENTS}. */
    private static List<JsonNode> eventNodes(JsonNode body) {
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isObject()) {
            nodes.add(body);
        } else {
            body.forEach(nodes::add);
        }
        if (nodes.isEmpty() || nodes.size() > Ingest.MAX_EVENTS) {
            throw new Rejection(422, "batch-size", null, "A batch holds 1 to " + Ingest.MAX_EVENTS + " events; this one has " + nodes.size() + ".", Map.of());
        }
        return nodes;
    }

    /** The headers read once: given twice, which one is meant is a guess (the first won, silently). */
    private static void eachHeaderOnce(Context ctx) {
        for (String header : List.of("Idempotency-Key", "Content-Type", "Content-Encoding")) {
            int given = java.util.Collections.list(ctx.req().getHeaders(header)).size();
            if (given > 1) {
                throw new Rejection(400, "duplicate-header", header, "This request has " + given + " " + header
                        + " headers; send it once, so that what the server reads is what you meant.", Map.of());
            }
        }
    }

    private static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key != null && !Games.KEY.matcher(key).matches()) {
            throw new Rejection(400, "bad-idempotency-key", "Idempotency-Key", "An Idempotency-Key is 1 to 200 printable ASCII characters without spaces.", Map.of());
        }
        return key;
    }

    private IngestEvent event(JsonNode node, boolean requestHasKey, int index) {
        try {
            JsonNode type = node == null ? null : node.get("type");
            var other = type != null && type.isTextual() ? ingest.otherType(type.asText()) : java.util.Optional.<IngestTypes>empty();
            if (other.isPresent()) {
                other.get().check(node);
            } else if (type != null && type.isTextual() && !IngestEvent.TYPES.contains(type.asText()) && type.asText().length() <= 20) {
                throw IngestEvent.unknownType(type.asText(), ingest.knownTypes());
            }
            IngestEvent event = other.isPresent() ? IngestEvent.other(node, type.asText()) : IngestEvent.of(node);
            if (!requestHasKey && event.eventId() == null) {
                throw new Rejection(400, "missing-idempotency-key", "eventId",
                        "Send an Idempotency-Key header, or an eventId in every event, so that a retry cannot apply twice.", Map.of());
            }
            return event;
        } catch (Rejection r) {
            throw r.at(index);
        } catch (IngestProblem p) {
            throw new Rejection(p.status(), "rule-violation", p.field(), p.getMessage(), Map.of()).at(index);
        }
    }
}
