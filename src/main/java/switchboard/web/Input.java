package switchboard.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Reading request input at the edge, one way everywhere: ids and numbers from the path, the
 * query or a form, and optional form text. A value that is absent is absent (never the string
 * "null"), and a malformed one is a 400 that names the field and the rule it broke.
 */
public final class Input {
    /** Database ids and other counts: up to 18 digits, so they always fit a long. */
    public static final Pattern ID = Pattern.compile("\\d{1,18}");
    /** {@link #ID} in words, for the person whose input it refused. */
    private static final String RULE = "a whole number of 1 to 18 digits, with no sign, spaces or decimal point";

    private Input() {
    }

    /**
     * A required whole number, e.g. {@code number(ctx.pathParam("id"), "poll id")}: digits only,
     * 1 to 18 of them. A refusal states that rule, because "-1" and a 19-digit id are numbers to
     * the person who typed them; an absent (or empty) value is said to be missing.
     */
    public static long number(String raw, String what) {
        if (raw == null || raw.isEmpty()) {
            throw new BadRequestResponse("The " + what + " is missing from the request: send '" + what + "' as " + RULE + ".");
        }
        if (!ID.matcher(raw).matches()) {
            throw new BadRequestResponse("The " + what + " must be " + RULE + " (got '" + abbreviate(raw) + "').");
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
