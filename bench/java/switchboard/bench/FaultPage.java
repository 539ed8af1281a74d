package switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A page as a browser keeps it through the htmx SSE extension: one stream; when an established
 * stream drops it reconnects after the server's {@code retry:} with {@code Last-Event-ID} (what
 * EventSource does); when a connection is refused (non-200, or no connection) it backs off
 * 500 ms, 1 s, 2 s, 4 s as the extension does. Counts every message item it is sent, twice-sent
 * ones, and keeps a timeline of its attempts (ms) so a slow recovery can be explained.
 */
final class FaultPage {
    private static final Pattern MESSAGE = Pattern.compile("id=\"msg-(\\d+)\"");

    /** Message id to the time it arrived (nanoTime). */
    final ConcurrentHashMap<Long, Long> received = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** When the current outage began (0 while streaming) and the longest outage so far. */
    final AtomicLong downSince = new AtomicLong();
    final AtomicLong longestDownNanos = new AtomicLong();
    final AtomicLong dropAt = new AtomicLong();
    final AtomicLong backAt = new AtomicLong();
    final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    volatile boolean streaming;
    private final HttpClient http;
    private final int port;
    private final String path;
    private final long since;
    private final String cookie;
    private String lastEventId;
    private long retry = 3_000;

    FaultPage(HttpClient http, int port, String path, long since, String cookie) {
        this.http = http;
        this.port = port;
        this.path = path;
        this.since = since;
        this.cookie = cookie;
    }

    private Thread thread;

    FaultPage start() {
        thread = Thread.ofVirtual().start(this::run);
        return this;
    }

    /** Closes the page (the stream ends with its thread's interrupt). */
    void stop() {
        thread.interrupt();
        var open = body;
        if (open != null) {
            open.close();
        }
    }

    private volatile java.util.stream.Stream<String> body;

    /** The longest time this page was without a stream, counting an outage still going on. */
    long longestDownMillis() {
        long now = downSince.get();
        long current = now == 0 ? 0 : System.nanoTime() - now;
        return Math.max(current, longestDownNanos.get()) / 1_000_000;
    }

    private void note(String what) {
        timeline.add(System.nanoTime() / 1_000_000 + " " + what);
    }

    private void run() {
        int refusals = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                stream();
                refusals = 0;
            } catch (Refused e) {
                refusals++;
                refused.incrementAndGet();
            } catch (Exception e) {
                if (streaming) {
                    note("dropped: " + e.getMessage());
                } else {
                    refusals++;
                    refused.incrementAndGet();
                    note("no connection: " + e);
                }
            }
            if (streaming) {
                long now = System.nanoTime();
                dropAt.set(now);
                downSince.set(now);
                streaming = false;
            }
            long wait = refusals == 0 ? retry : 500L << Math.min(refusals - 1, 3);
            note("wait " + wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stream() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + (lastEventId == null ? "&since=" + since : "")))
                .header("Accept", "text/event-stream").header("Cookie", cookie);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        note("connect from " + lastEventId);
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        note("status " + response.statusCode());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new Refused();
        }
        long now = System.nanoTime();
        long down = downSince.getAndSet(0);
        if (down != 0) {
            longestDownNanos.accumulateAndGet(now - down, Math::max);
        }
        streaming = true;
        backAt.set(now);
        boolean inMessages = false;
        String pendingId = null;
        body = response.body();
        var lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                // As a browser does: the id counts once its event has been dispatched whole.
                if (pendingId != null) {
                    lastEventId = pendingId;
                    pendingId = null;
                }
            } else if (line.startsWith("id: ")) {
                pendingId = line.substring(4).strip();
            } else if (line.startsWith("retry: ")) {
                retry = Long.parseLong(line.substring(7).strip());
            } else if (line.startsWith("event: ")) {
                inMessages = line.equals("event: messages");
            } else if (inMessages && line.startsWith("data: ")) {
                var m = MESSAGE.matcher(line);
                while (m.find()) {
                    if (received.put(Long.parseLong(m.group(1)), System.nanoTime()) != null) {
                        duplicates.incrementAndGet();
                    }
                }
            }
        }
        note("ended");
    }

    private static final class Refused extends Exception {
        Refused() {
            super(null, null, false, false);
        }
    }
}
