package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * Request bodies are capped: a declared Content-Length over the cap is refused with 413 before
 * the handler runs (a body up to 4 times the cap is read and dropped first, so the answer
 * arrives), and Javalin stops reading a chunked body at the same cap.
 */
public final class BodyLimit {
    /** The cap that applies to this request's body (see {@link #overWhileRead}). */
    private static final String LIMIT = "sb.bodyLimit";
    private BodyLimit() {
    }

    /** Uploads (multipart POSTs to a path matching {@code uploads}) may be up to {@code uploadBytes}. */
    public static void register(JavalinConfig config, int maxBytes, java.util.regex.Pattern uploads, int uploadBytes) {
        config.http.maxRequestSize = maxBytes;
        // Jetty's own limit sits above ours, so the handler can answer 413 with a message.
        config.jetty.multipartConfig.maxFileSize(uploadBytes + 65536L, io.javalin.config.SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(uploadBytes + 65536L, io.javalin.config.SizeUnit.BYTES);
        config.routes.before(ctx -> {
            // Only a multipart body carries a file: a plain form to an upload path has the usual cap
            // (it got past this check and then failed in the form parser as a 400).
            ctx.attribute(LIMIT, maxBytes);
            if ("POST".equals(ctx.method().name()) && uploads.matcher(ctx.path()).matches() && ctx.isMultipartFormData()) {
                check(ctx, uploadBytes + 65536, length -> "The file is too large: this upload is " + megabytes(length)
                        + " and a file may be at most " + megabytes(uploadBytes) + ". Choose a smaller file.");
            } else {
                check(ctx, maxBytes, length -> "The request body is " + length + " bytes; the limit is " + maxBytes
                        + " bytes. Send less (a smaller file, or split a batch) and try again.");
            }
        });
    }

    /**
     * What to say when a body sent without a length (chunked) ran over the cap while it was read:
     * Javalin's own words are a bare "Content Too Large".
     */
    static String overWhileRead(Context ctx) {
        Integer limit = ctx.attribute(LIMIT);
        return "The request body is larger than this server takes" + (limit == null ? " (MAX_BODY_BYTES)" : ": the limit is " + limit + " bytes")
                + ". Send less (a smaller file, or split a batch) and try again.";
    }

    /** A size as people read it, rounded up so a file just over a limit never reads as the limit: "10.1 MB". */
    public static String megabytes(long bytes) {
        double mb = Math.ceil(bytes * 10 / (1024.0 * 1024.0)) / 10;
        return (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb)) + " MB";
    }

    /**
     * Reads and drops a body that is a little over the cap before answering. A server that closes
     * the connection with the body unread makes the client's TCP stack reset it, and the client
     * often loses the 413 with it ("connection reset" instead of a message it can act on). Bodies
     * far over the cap are not read: for them the reset is the cheaper answer.
     */
    private static void drain(Context ctx, long length, int maxBytes) {
        if (length > 4L * maxBytes) {
            return;
        }
        try (var in = ctx.req().getInputStream()) {
            in.skipNBytes(length);
        } catch (java.io.IOException e) {
            // The client went away or sent less than it declared: nothing more to do.
        }
    }

    private static void check(Context ctx, int maxBytes, java.util.function.LongFunction<String> tooLarge) {
        String declared = ctx.header("Content-Length");
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new HttpResponseException(HttpStatus.BAD_REQUEST.getCode(), "Content-Length '" + declared + "' is not a number.");
        }
        if (length > maxBytes) {
            drain(ctx, length, maxBytes);
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), tooLarge.apply(length));
        }
    }
}
