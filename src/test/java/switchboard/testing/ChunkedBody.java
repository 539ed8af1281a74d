package switchboard.testing;

import java.io.IOException;
import java.io.InputStream;

/** Reads an HTTP/1.1 response head line by line, then its body, undoing chunked transfer encoding. */
final class ChunkedBody extends InputStream {
    private final InputStream in;
    private boolean chunked;
    private long remaining;
    private boolean done;
    private String status;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    /**
     * Sends a stream request ({@code GET path} with Accept: text/event-stream, and the
     * Last-Event-ID and Cookie headers when given) and reads the answer's head; returns the
     * status line, with the body ready to read (chunked decoding set from the head).
     */
    static ChunkedBody request(java.net.Socket socket, String path, String lastEventId, String cookie) throws IOException {
        var out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        var body = new ChunkedBody(socket.getInputStream());
        body.status = body.headerLine();
        for (String line = body.headerLine(); !line.isEmpty(); line = body.headerLine()) {
            body.chunked |= line.equalsIgnoreCase("Transfer-Encoding: chunked");
        }
        return body;
    }

    /** The answer's status line, after {@link #request}. */
    String status() {
        return status;
    }

    String headerLine() throws IOException {
        var sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        if (b == -1 && sb.isEmpty()) {
            throw new IOException("connection closed in the response head");
        }
        return sb.toString();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (!chunked) {
            return in.read(buffer, offset, length);
        }
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            String size = headerLine();
            if (size.isEmpty()) {
                size = headerLine();
            }
            remaining = Long.parseLong(size.split(";")[0].trim(), 16);
            if (remaining == 0) {
                done = true;
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }
}
