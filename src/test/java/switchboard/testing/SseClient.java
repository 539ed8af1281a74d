package switchboard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A plain SSE client over HTTP for tests: reads events on a thread of its own and lets tests wait on them. */
public final class SseClient implements AutoCloseable {
    private volatile boolean ended;
    public record Event(String id, String event, String data) {
        /** The seqs of the {@code <li data-seq>} items an echo event carries. */
        public List<Long> echoSeqs() {
            var seqs = new ArrayList<Long>();
            var m = java.util.regex.Pattern.compile("data-seq=\"(\\d+)\"").matcher(data);
            while (m.find()) {
                seqs.add(Long.parseLong(m.group(1)));
            }
            return seqs;
        }
    }

    private final Socket socket;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile Integer retry;

    private SseClient(Socket socket, BufferedReader in) {
        this.socket = socket;
        this.reader = Thread.ofVirtual().start(() -> read(in));
    }

    /**
     * Opens {@code path} on the node over a plain socket (so that close() ends it at once);
     * {@code lastEventId} may be null. Fails unless the answer is 200.
     */
    public static SseClient open(int port, String path, String lastEventId) throws IOException {
        return open(port, path, lastEventId, null);
    }

    /** The same, sending {@code cookie} (e.g. {@code sb_session=...}) as a signed-in browser does. */
    public static SseClient open(int port, String path, String lastEventId, String cookie) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        var head = ChunkedBody.request(socket, path, lastEventId, cookie);
        String status = head.status();
        if (!status.startsWith("HTTP/1.1 200")) {
            socket.close();
            throw new IOException("GET " + path + " answered " + status);
        }
        return new SseClient(socket, new BufferedReader(new InputStreamReader(head, StandardCharsets.UTF_8)));
    }

    /** Sends the request and returns the connection without reading the stream: for status checks. */
    public static HttpURLConnection request(int port, String path, String lastEventId) throws IOException {
        var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setRequestProperty("Accept", "text/event-stream");
        if (lastEventId != null) {
            c.setRequestProperty("Last-Event-ID", lastEventId);
        }
        c.setConnectTimeout(5000);
        c.setReadTimeout(60_000);
        return c;
    }

    private void read(BufferedReader in) {
        String id = null;
        String event = null;
        var data = new StringBuilder();
        boolean hasData = false;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    // Heartbeats are events (for the page's watchdog); tests look at changes only.
                    if (hasData && !"heartbeat".equals(event)) {
                        events.add(new Event(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                    hasData = false;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(line.substring(6));
                    hasData = true;
                } else if (line.startsWith("retry: ")) {
                    retry = Integer.parseInt(line.substring(7));
                }
            }
        } catch (IOException ignored) {
            // closed by the test or by the server
        }
        ended = true;
    }

    /** True once the stream has ended (closed by the server, or by {@link #close}). */
    public boolean ended() {
        return ended;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Every echo item received so far, in arrival order. */
    public List<Long> echoSeqs() {
        return events.stream().flatMap(e -> e.echoSeqs().stream()).toList();
    }

    /** The id a browser would send as Last-Event-ID now. */
    public String lastEventId() {
        String last = null;
        for (Event e : events) {
            if (e.id() != null) {
                last = e.id();
            }
        }
        return last;
    }

    public Integer retry() {
        return retry;
    }

    public void await(String what, Predicate<SseClient> condition, Duration timeout) {
        Wait.until(what, () -> condition.test(this), timeout);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
