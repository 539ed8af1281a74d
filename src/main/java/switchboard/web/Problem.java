package switchboard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem details, the error format of the machine API ({@code /ingest/...}). */
public final class Problem {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problem() {
    }

    /** Whether errors on this request are answered as problem+json rather than text. */
    public static boolean wanted(Context ctx) {
        return ctx.path().startsWith("/ingest/");
    }

    public static void send(Context ctx, int status, String type, String detail, String field, Map<String, Object> extra) {
        // As bytes: a String result is encoded by the content type's charset, and problem+json names none (JSON is UTF-8).
        ctx.status(status).contentType(CONTENT_TYPE).result(body(status, type, detail, field, extra));
    }

    /** A problem's JSON, as UTF-8 bytes. */
    static byte[] body(int status, String type, String detail, String field, Map<String, Object> extra) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "/docs/ingest#" + type);
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        body.putAll(extra);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    /** Answers with a problem on API paths, plain text elsewhere. */
    public static void answer(Context ctx, int status, String type, String detail) {
        if (wanted(ctx)) {
            send(ctx, status, type, detail, null, Map.of());
        } else {
            ctx.status(status).contentType("text/plain; charset=utf-8").result(detail);
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthenticated";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Request too large";
            case 414 -> "Address too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Event breaks the rules";
            case 429 -> "Too many requests";
            case 431 -> "Headers too large";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Server error" : "Error";
        };
    }
}
