package switchboard.live;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Where a stream resumes: the seq the page already has, from the browser's Last-Event-ID header,
 * or from {@code since} (or {@code lastEventId}) in the query, which the page keeps current
 * because the htmx SSE extension's own reconnect sends no header.
 */
final class ResumePoint {
    private static final Pattern SEQ = Pattern.compile("\\d{1,18}");

    private ResumePoint() {
    }

    /** The seq the page already has, or -1 for a page that asks for nothing missed. */
    static long of(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return parseSeq("Last-Event-ID header", header);
        }
        for (String name : new String[] {"since", "lastEventId"}) {
            String value = one(ctx, name);
            if (value != null && !value.isBlank()) {
                return parseSeq("query parameter '" + name + "'", value);
            }
        }
        return -1;
    }

    /** A query parameter given at most once: a second value would be silently ignored, so it is a 400. */
    static String one(Context ctx, String name) {
        if (ctx.queryParams(name).size() > 1) {
            throw new BadRequestResponse("Give the query parameter '" + name + "' once; this request gives it " + ctx.queryParams(name).size()
                    + " times." + (name.equals("topics") ? " List several topics in one, separated by commas." : ""));
        }
        return ctx.queryParam(name);
    }

    private static long parseSeq(String what, String value) {
        if (!SEQ.matcher(value.trim()).matches()) {
            throw new BadRequestResponse("The " + what + " must be the non-negative number of the last event received (got '"
                    + Topic.abbreviate(value) + "'). Reload the page to start over.");
        }
        return Long.parseLong(value.trim());
    }
}
