package switchboard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page's live stream as a browser keeps it: when the stream ends it waits the server's
 * {@code retry:} and reconnects with {@code Last-Event-ID}; when it is refused (a status other
 * than 200, or no server) it backs off and tries again. It records every echo item it was
 * sent, across all its connections, and every status it was answered, so a test can compare
 * what the page got with what PostgreSQL committed.
 */
public final class ReconnectingPage implements AutoCloseable {
    private static final int HEAD_TIMEOUT_MILLIS = 15_000;
    private static final Pattern ECHO_ITEM = Pattern.compile("data-seq=\"(\\d+)\"");

    private final IntSupplier port;
    private final String path;
    private final long since;
    private final Pattern item;
    private final List<Long> seqs = new ArrayList<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger reloads = new AtomicInteger();
    private final Thread thread;
    private volatile String lastEventId;
    private volatile boolean closed;
    private volatile Socket socket;
    private volatile String state = "new";
    /** One line per connection: when, to which port, resuming from what, the answer and the items it brought. */
    private final List<String> history = java.util.Collections.synchronizedList(new ArrayList<>());

    private final String cookie;
    private volatile String lastAnswer = "-";

    private ReconnectingPage(IntSupplier port, String path, long since, String cookie, Pattern item) {
        this.cookie = cookie;
        this.item = item;
        this.port = port;
        this.path = path;
        this.since = since;
        this.thread = Thread.ofVirtual().unstarted(this::run);
    }

    /** Opens {@code /live?topics=...} as a page rendered at {@code since} does, on whatever port {@code port} names now. */
    public static ReconnectingPage open(IntSupplier port, String topics, long since) {
        return open(port, topics, since, null);
    }

    /** The same for a signed-in browser, sending {@code cookie} (e.g. {@code sb_session=...}) on every connection. */
    public static ReconnectingPage open(IntSupplier port, String topics, long since, String cookie) {
        return open(port, topics, since, cookie, ECHO_ITEM);
    }

    /**
     * The same, recording the numbers {@code item}'s first group finds in each event's data
     * (e.g. the message ids of a chat thread's {@code <li id="msg-N">}) instead of echo seqs.
     */
    public static ReconnectingPage open(IntSupplier port, String topics, long since, String cookie, Pattern item) {
        var page = new ReconnectingPage(port, "/live?topics=" + topics, since, cookie, item);
        page.thread.start();
        return page;
    }

    public long since() {
        return since;
    }

    /** Items received (echo seqs, or what the page's pattern finds), in arrival order, over every connection. */
    public List<Long> seqs() {
        synchronized (seqs) {
            return List.copyOf(seqs);
        }
    }

    public long lastSeq() {
        synchronized (seqs) {
            return seqs.isEmpty() ? since : seqs.getLast();
        }
    }

    /** How often each answer came: "200", "503", "refused", … */
    public Map<String, Integer> answers() {
        var out = new java.util.TreeMap<String, Integer>();
        answers.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int count(String answer) {
        var n = answers.get(answer);
        return n == null ? 0 : n.get();
    }

    /** What the page is doing now (connecting, streaming from a port, waiting), for a failing test's message. */
    public String state() {
        return state;
    }

    public int reloads() {
        return reloads.get();
    }

    /** Each connection so far, for a failing test's message: time, port, Last-Event-ID or since sent, answer, first..last item. */
    public List<String> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            long wait;
            try (var s = new Socket()) {
                // A browser gives up on a connect that is not answered and tries again later.
                int to = port.getAsInt();
                state = "connecting to " + to;
                s.connect(new java.net.InetSocketAddress("127.0.0.1", to), 3_000);
                // A balancer in front of the nodes bounds the wait for an answer's head (nginx:
                // proxy_read_timeout) and the page then reconnects; the stream itself has no bound.
                s.setSoTimeout(HEAD_TIMEOUT_MILLIS);
                state = java.time.Instant.now() + " streaming from " + to + " (local port " + s.getLocalPort() + ") since " + lastEventId;
                socket = s;
                int before = seqs().size();
                String sent = lastEventId == null ? "since=" + since : "Last-Event-ID=" + lastEventId;
                String at = java.time.LocalTime.now().toString();
                wait = stream(s);
                List<Long> got = seqs().subList(before, seqs().size());
                history.add(at + " :" + to + " " + sent + " -> " + lastAnswer + (got.isEmpty() ? "" : " items " + got.getFirst() + ".." + got.getLast() + " (" + got.size() + ")")
                        + (reloads.get() > 0 ? " reloads " + reloads.get() : ""));
                failures = wait < 0 ? failures + 1 : 0;
            } catch (IOException e) {
                note(e.getMessage() != null && e.getMessage().contains("refused") ? "refused" : "io-error");
                failures++;
                wait = -1;
            }
            if (wait < 0) {
                // Refused: the htmx SSE extension backs off 0.5, 1, 2, … s; jitter keeps pages apart.
                wait = Math.min(500L << Math.min(failures - 1, 3), 4_000) / 2
                        + ThreadLocalRandom.current().nextLong(Math.min(500L << Math.min(failures - 1, 3), 4_000) / 2 + 1);
            }
            state = "waiting " + wait + " ms";
            Wait.pause(wait);
        }
    }

    /** One connection; returns the wait before the next (the server's retry), or -1 when refused. */
    private long stream(Socket s) throws IOException {
        String from = lastEventId;
        String target = from == null && since >= 0 ? path + "&since=" + since : path;
        ChunkedBody body;
        try {
            body = ChunkedBody.request(s, target, from, cookie);
        } catch (java.net.SocketTimeoutException e) {
            note("head-timeout");
            return -1;
        }
        s.setSoTimeout(0);
        String status = body.status();
        String code = status.length() >= 12 ? status.substring(9, 12) : status;
        note(code);
        if (!code.equals("200")) {
            return -1;
        }
        long retry = 3_000;
        var in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String id = null;
        String event = null;
        var data = new StringBuilder();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || event != null) {
                        accept(event, data.toString(), id);
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line, 6, line.length()).append('\n');
                } else if (line.startsWith("retry: ")) {
                    retry = Long.parseLong(line.substring(7).trim());
                }
            }
        } catch (IOException e) {
            // the stream ended: the node went away or closed it
        }
        return retry;
    }

    private void accept(String event, String data, String id) {
        if ("reload".equals(event)) {
            reloads.incrementAndGet();
        }
        Matcher m = item.matcher(data);
        synchronized (seqs) {
            while (m.find()) {
                seqs.add(Long.parseLong(m.group(1)));
            }
        }
        // A browser moves Last-Event-ID only once the event with the id is complete.
        if (id != null) {
            lastEventId = id;
        }
    }

    private void note(String answer) {
        lastAnswer = answer;
        answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
    }


    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
