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
 * 8 KiB header buffer (414), headers too large (431), a request it cannot parse (400). Jetty's
 * own page was HTML naming {@code /badMessage}, without the security headers every other
 * answer carries; this one has them and says in plain text what to do.
 */
public final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        var headers = response.getHeaders();
        SecurityHeaders.HEADERS.forEach(headers::put);
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(text(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    static String text(int code) {
        return switch (code) {
            case 414 -> "This address is too long for this server (at most 8 KiB). A page that made it has too much in its address: "
                    + "a live page follows at most 32 topics. Go back and reload the page.\n";
            case 431 -> "This request's headers are too large for this server (at most 8 KiB), usually because of too many or too large "
                    + "cookies. Clear this site's cookies, then try again.\n";
            case 400 -> "This server could not read the request. Check the address and try again.\n";
            default -> "This server could not answer this request (status " + code + ").\n";
        };
    }
}
