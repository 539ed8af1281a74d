package switchboard.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Reading request input at the edge, one way everywhere: ids and numbers from the path, the
 * query or a form, and optional form text. A value that is absent is absent (never the string
 * "null"), and a malformed one is a 400 that names the field.
 */
public final class Input {
    /** Database ids and other counts: up to 18 digits, so they always fit a long. */
    public static final Pattern ID = Pattern.compile("\\d{1,18}");

    private Input() {
    }

    /** A required non-negative number, e.g. {@code number(ctx.pathParam("id"), "poll id")}. */
    public static long number(String raw, String what) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw new BadRequestResponse("The " + what + " must be a number"
                    + (raw == null ? "." : " (got '" + abbreviate(raw) + "')."));
        }
        return Long.parseLong(raw);
    }

    /** An optional number: {@code otherwise} when the parameter is absent or empty. */
    public static long number(String raw, String what, long otherwise) {
        return raw == null || raw.isEmpty() ? otherwise : number(raw, what);
    }

    /** A form field's text, or "" when the form has no such field. */
    public static String text(Context ctx, String field) {
        String value = ctx.formParam(field);
        return value == null ? "" : value;
    }

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 20 ? clean.substring(0, 20) + "…" : clean;
    }
}
