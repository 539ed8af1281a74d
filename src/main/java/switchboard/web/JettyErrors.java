package switchboard.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request Jetty refuses before the app sees it: an address longer than its
 * 8 KiB header buffer (414), headers too large (431), a request it cannot parse (400), such as a
 * control character in a header. Jetty's own page was HTML naming {@code /badMessage}, without
 * the security headers every other answer carries; this one has them and says what to do: in
 * plain text, or as problem+json on the ingest API's paths, like every other answer there.
 */
public final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        var headers = response.getHeaders();
        SecurityHeaders.HEADERS.forEach(headers::put);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        var uri = request.getHttpURI();
        boolean api = uri != null && uri.getPath() != null && uri.getPath().startsWith("/ingest/");
        String detail = api && code == 431 ? "This request's headers are too large for this server (at most 8 KiB in all); send fewer or smaller headers.\n"
                : text(code, message);
        byte[] body;
        if (api) {
            headers.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
            body = Problem.body(code, type(code), detail.strip(), null, java.util.Map.of());
        } else {
            headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            body = detail.getBytes(StandardCharsets.UTF_8);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static String text(int code, String reason) {
        return switch (code) {
            case 414 -> "This address is too long for this server (at most 8 KiB). A page that made it has too much in its address: "
                    + "a live page follows at most 32 topics. Go back and reload the page.\n";
            case 431 -> "This request's headers are too large for this server (at most 8 KiB), usually because of too many or too large "
                    + "cookies. Clear this site's cookies, then try again.\n";
            case 400 -> "This server could not read the request" + because(reason) + ": its address or a header (an Idempotency-Key, "
                    + "an Authorization, a cookie) holds a character HTTP does not allow, such as a control character. "
                    + "Fix what sent it, then try again.\n";
            default -> "This server could not answer this request (status " + code + ").\n";
        };
    }

    /** Jetty's own reason ("Illegal character CNTL=0x1"): fixed texts of its parser, no request data. */
    private static String because(String reason) {
        return reason == null || reason.isBlank() || reason.length() > 100 ? "" : " (" + reason.strip() + ")";
    }

    private static String type(int code) {
        return switch (code) {
            case 414 -> "address-too-long";
            case 431 -> "headers-too-large";
            case 400 -> "unreadable-request";
            default -> "server-error";
        };
    }
}
