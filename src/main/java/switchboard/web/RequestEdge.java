package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every request makes before any route sees it, so that no route can forget them:
 * <ul>
 * <li>A request is routed by its real method only. Javalin routes by {@code X-HTTP-Method-Override}
 * while the CSRF check reads the real method, so a GET carrying the header reached POST handlers
 * without a token; any method-override header or {@code _method} parameter is refused (400).</li>
 * <li>No query or form value, nor the path, holds a control character (a NUL reaches PostgreSQL
 * as an error); form values may hold tab, line feed and carriage return (textareas). Forms that
 * check every field's characters themselves, and refuse one on its field with what was typed
 * kept (the records forms, the dashboard's admin forms), are named to {@link #register}: for their POSTs only the form
 * values' control characters are left to them; every other check here still holds.</li>
 * <li>A form body that cannot be read (an unknown charset, broken multipart) is a 400 here,
 * not an exception in whichever handler reads it first.</li>
 * <li>A broken percent-escape in the query or a urlencoded body ({@code %zz}, a lone {@code %})
 * is a 400 naming it: decoders dropped or emptied such a value, and the handler then
 * answered about the wrong thing ("a title is 1 to 120 characters") or ignored it.</li>
 * <li>A form field or query parameter given twice is a 400: no form or page of this site sends
 * one twice, and handlers read the first value, so {@code status=active&status=closed} did one
 * thing without a word (and {@code /hold/presence?page=a&page=b} held as page a).</li>
 * <li>A body of any other type sent to a page's address is a 415: Javalin reads it as a form all
 * the same, so {@code text/plain} (or no type) slipped a NUL or a text-direction override past
 * every check above (an outside review). The ingest API, which takes JSON, checks its own.</li>
 * </ul>
 */
public final class RequestEdge {
    static final List<String> OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private RequestEdge() {
    }

    /** {@code checkingTheirText}: the paths whose POSTs refuse a control character in a form value themselves, one pattern per feature. */
    public static void register(JavalinConfig config, java.util.regex.Pattern... checkingTheirText) {
        var theirs = List.of(checkingTheirText);
        config.routes.before(ctx -> check(ctx, theirs));
    }

    private static void check(Context ctx, List<java.util.regex.Pattern> checkingTheirText) {
        for (String header : OVERRIDE_HEADERS) {
            if (ctx.header(header) != null) {
                throw new BadRequestResponse("This site does not accept the " + header + " header: send the request with its own method.");
            }
        }
        if (ctx.queryParamMap().containsKey("_method")) {
            throw new BadRequestResponse("This site does not accept a _method parameter: send the request with its own method.");
        }
        if (TextInput.controlCharacter(decodedPath(ctx), false) >= 0) {
            throw new BadRequestResponse("The address holds a control character; remove it and try again.");
        }
        checkEscapes("address's query", ctx.queryString());
        checkValues("query parameter", ctx.queryParamMap(), false, true);
        ctx.queryParamMap().forEach((name, values) -> {
            if (values.size() > 1) {
                throw new BadRequestResponse("Give the query parameter '" + TextInput.shown(name) + "' once; this request gives it " + values.size()
                        + " times. Where an address takes several values, they go in one, separated by commas.");
            }
        });
        if (BODY_METHODS.contains(ctx.req().getMethod()) && !hasFormBody(ctx) && hasBody(ctx) && !ctx.path().startsWith("/ingest/")) {
            String type = ctx.contentType();
            throw new io.javalin.http.HttpResponseException(415, "This address takes a form (application/x-www-form-urlencoded or multipart/form-data), not "
                    + (type == null || type.isBlank() ? "a body without a Content-Type" : "'" + TextInput.shown(type) + "'") + "; send it from the page's form.");
        }
        if (BODY_METHODS.contains(ctx.req().getMethod()) && hasFormBody(ctx)) {
            if (!ctx.isMultipartFormData()) {
                checkEscapes("form", body(ctx));
            }
            var form = readForm(ctx);
            boolean theirs = "POST".equals(ctx.req().getMethod()) && checkingTheirText.stream().anyMatch(p -> p.matcher(ctx.path()).matches());
            checkValues("field", form, true, !theirs);
            form.forEach((name, values) -> {
                if (values.size() > 1) {
                    throw new BadRequestResponse("The field '" + TextInput.shown(name) + "' was sent " + values.size()
                            + " times; a form sends each field once. Reload the page and try again.");
                }
            });
        }
    }

    /** The path as routes see it: %E2%80%AE (a text-direction override) is a control character too. */
    private static String decodedPath(Context ctx) {
        try {
            return org.eclipse.jetty.util.URIUtil.decodePath(ctx.path());
        } catch (RuntimeException undecodable) {
            return ctx.path();
        }
    }

    /** Refuses a '%' that is not followed by two hex digits. */
    private static void checkEscapes(String what, String encoded) {
        if (encoded == null) {
            return;
        }
        for (int i = encoded.indexOf('%'); i >= 0; i = encoded.indexOf('%', i + 1)) {
            if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0 || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                String near = encoded.substring(i, Math.min(encoded.length(), i + 3));
                throw new BadRequestResponse("The " + what + " holds a broken percent-escape ('" + TextInput.shown(near) + "' at position " + (i + 1)
                        + "): '%' must be followed by two hex digits. Send a '%' itself as %25, or use the page's form.");
            }
        }
    }

    private static boolean hasFormBody(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.toLowerCase().startsWith("application/x-www-form-urlencoded") || ctx.isMultipartFormData());
    }

    /** Whether the request says it carries a body: a length over 0, or one sent chunked. */
    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** The body, read once (Javalin keeps it); one sent without a length (chunked) is cut at the cap while it is read. */
    private static String body(Context ctx) {
        try {
            return ctx.body();
        } catch (io.javalin.http.HttpResponseException e) {
            throw e.getStatus() == 413 ? tooLarge(ctx) : e;
        }
    }

    private static io.javalin.http.HttpResponseException tooLarge(Context ctx) {
        return new io.javalin.http.HttpResponseException(413, BodyLimit.overWhileRead(ctx));
    }

    private static Map<String, List<String>> readForm(Context ctx) {
        try {
            return ctx.formParamMap();
        } catch (Exception e) {
            if (TextInput.describe(e).contains("Content Too Large")) {
                throw tooLarge(ctx);
            }
            // Jetty's multipart failures arrive as a ServletException, which Kotlin throws undeclared.
            throw new BadRequestResponse("The form could not be read (" + TextInput.describe(e)
                    + "). Send it as UTF-8 application/x-www-form-urlencoded or well-formed multipart/form-data.");
        }
    }

    private static void checkValues(String what, Map<String, List<String>> values, boolean multiline, boolean controls) {
        values.forEach((name, list) -> {
            if (TextInput.controlCharacter(name, false) >= 0) {
                throw new BadRequestResponse("A " + what + " name holds a control character; remove it and try again.");
            }
            for (String value : list) {
                int at = controls ? TextInput.controlCharacter(value, multiline) : -1;
                if (at >= 0 && Character.isSurrogate(value.charAt(at))) {
                    throw new BadRequestResponse("The " + what + " '" + TextInput.shown(name) + "' holds half of a character (an unpaired surrogate, U+"
                            + String.format("%04X", (int) value.charAt(at)) + ") at position " + (at + 1) + "; remove it and try again.");
                }
                if (at >= 0) {
                    throw new BadRequestResponse("The " + what + " '" + TextInput.shown(name) + "' holds a control character ("
                            + TextInput.named(value.charAt(at)) + ") at position " + (at + 1) + "; remove it and try again.");
                }
                // Bytes that are not UTF-8 (%ED%A0%80, %C0%AF, %FF) are decoded as U+FFFD: stored, they
                // would turn what was sent into something else without a word (an outside review).
                int unreadable = value.indexOf('\uFFFD');
                if (unreadable >= 0) {
                    throw new BadRequestResponse("The " + what + " '" + TextInput.shown(name) + "' is not valid UTF-8 (position " + (unreadable + 1)
                            + " holds bytes that are no character); send it as UTF-8 and try again.");
                }
            }
        });
    }
}
