package switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * Request bodies are capped: a declared Content-Length over the cap is refused with 413 before
 * anything is read, and Javalin stops reading a chunked body at the same cap.
 */
public final class BodyLimit {
    private BodyLimit() {
    }

    /** Uploads (POSTs to a path matching {@code uploads}) may be up to {@code uploadBytes}. */
    public static void register(JavalinConfig config, int maxBytes, java.util.regex.Pattern uploads, int uploadBytes) {
        config.http.maxRequestSize = maxBytes;
        // Jetty's own limit sits above ours, so the handler can answer 413 with a message.
        config.jetty.multipartConfig.maxFileSize(uploadBytes + 65536L, io.javalin.config.SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(uploadBytes + 65536L, io.javalin.config.SizeUnit.BYTES);
        config.routes.before(ctx -> check(ctx, "POST".equals(ctx.method().name()) && uploads.matcher(ctx.path()).matches()
                ? uploadBytes + 65536 : maxBytes));
    }

    private static void check(Context ctx, int maxBytes) {
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
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(),
                    "The request body is " + length + " bytes; the limit is " + maxBytes + " bytes. Send less (a smaller file, or split a batch) and try again.");
        }
    }
}
