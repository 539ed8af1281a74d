package switchboard.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for one person: keeps the session and visitor cookies, reads the
 * CSRF token from the pages it gets, and sends it with forms, as the pages' forms and htmx do.
 * It does not follow redirects, so tests see them.
 */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final int port;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf = "";

    public WebClient(int port) {
        this.port = port;
    }

    public String csrf() {
        if (csrf.isEmpty()) {
            get("/");
        }
        return csrf;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** A form post with this session's CSRF token. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        var withToken = new LinkedHashMap<>(form);
        withToken.put("pac4jCsrfToken", csrf());
        return post(path, withToken, false);
    }

    /** A form post exactly as given: no token is added. */
    public HttpResponse<String> post(String path, Map<String, String> form, boolean asGiven) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", path, body, "application/x-www-form-urlencoded", Map.of());
    }

    /**
     * A multipart/form-data post, as a form with a file input sends it, with this session's CSRF
     * token; {@code file} is sent as the bytes given (null: no file chosen, an empty part as browsers send).
     */
    public HttpResponse<String> multipart(String path, Map<String, String> form, String fileField, String filename, byte[] file) {
        String boundary = "----switchboard" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        var withToken = new LinkedHashMap<>(form);
        withToken.put("pac4jCsrfToken", csrf());
        withToken.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + (file == null ? "" : filename)
                + "\"\r\nContent-Type: " + (file == null ? "application/octet-stream" : "text/csv") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file == null ? new byte[0] : file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** A request as htmx or fetch sends it: the CSRF token in the pac4jCsrfToken header. */
    public HttpResponse<String> withToken(String method, String path) {
        return send(method, path, null, null, Map.of("pac4jCsrfToken", csrf()));
    }

    public HttpResponse<String> send(String method, String path, String body, String contentType, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return exchange(request);
    }

    /** Sends {@code request} with this browser's cookies and keeps the cookies the answer sets. */
    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            remember(response);
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A status and headers, without the body. */
    public record Answer(int statusCode, java.net.http.HttpHeaders headers) {
    }

    /**
     * Sends a bodiless request and returns once the status and headers are in, closing the body
     * unread: for routes that stream (an open /live answers 200 and never ends).
     */
    public Answer statusOnly(String method, String path, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (!cookies.isEmpty() && !headers.containsKey("Authorization")) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        headers.forEach(request::header);
        request.method(method, HttpRequest.BodyPublishers.noBody());
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Answer(response.statusCode(), response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Makes the admin account {@code root} on {@code node} and signs it in: most security tests start from one. */
    public static WebClient newAdmin(switchboard.Switchboard node) {
        node.auth().users().create("root", "Root", "admin password", switchboard.auth.Role.ADMIN);
        return signedIn(node.port(), "root", "admin password");
    }

    /** A client signed in through the login form as {@code username}; fails the test if sign-in fails. */
    public static WebClient signedIn(int port, String username, String password) {
        var client = new WebClient(port);
        var answer = client.logIn(username, password);
        if (answer.statusCode() != 303 || !"/".equals(answer.headers().firstValue("Location").orElse(""))) {
            throw new AssertionError("signing in as " + username + " answered " + answer.statusCode() + " "
                    + answer.headers().firstValue("Location").orElse(""));
        }
        return client;
    }

    /** Signs in through the login form; returns the callback's answer. */
    public HttpResponse<String> logIn(String username, String password) {
        get("/login");
        var response = post("/callback?client_name=FormClient", Map.of("username", username, "password", password));
        csrf = "";
        return response;
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    private void remember(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || header.contains("Max-Age=0") || header.contains("Expires=Thu, 01 Jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        var m = CSRF.matcher(response.body() == null ? "" : response.body());
        if (m.find() && !m.group(1).isEmpty()) {
            csrf = m.group(1);
        }
    }
}
