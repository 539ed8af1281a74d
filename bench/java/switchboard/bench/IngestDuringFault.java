package switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import switchboard.testing.PokerSimulator;

/**
 * Game servers on the ingest API through the proxy while a fault happens: TABLES clients each play
 * their own table with single events carrying an eventId, and resend the same event until it is
 * answered 2xx, as a game server should. Afterwards PostgreSQL must hold exactly the accepted
 * events: every accepted eventId once in ingest_keys and each table at the version of its last
 * accepted event (nothing lost, nothing applied twice).
 */
final class IngestDuringFault {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLES = 4;

    private final HttpClient http;
    private final int proxy;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentHashMap<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final long[] acceptedVersion = new long[TABLES];
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong longestRetryMillis = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();
    private final String prefix = "fault-" + Long.toString(System.currentTimeMillis() % 100_000, 36) + "-";

    IngestDuringFault(HttpClient http, int proxy, String key) {
        this.http = http;
        this.proxy = proxy;
        this.key = key;
    }

    void start() {
        for (int t = 0; t < TABLES; t++) {
            int table = t;
            clients.add(Thread.ofPlatform().start(() -> play(table)));
        }
    }

    void stop() {
        running.set(false);
        for (var c : clients) {
            try {
                c.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void play(int table) {
        var sim = new PokerSimulator(prefix + table, 6, table);
        var pending = new ArrayList<ObjectNode>(sim.open());
        while (running.get()) {
            if (pending.isEmpty()) {
                pending.addAll(sim.playHand());
            }
            var event = pending.removeFirst();
            long firstTry = System.nanoTime();
            // Resend the same event until it is accepted: the eventId makes a resend harmless.
            while (true) {
                String answer = send(event);
                answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                if (answer.startsWith("2")) {
                    break;
                }
                if (answer.startsWith("4") && !answer.equals("429")) {
                    System.out.println("ingest refused " + event + ": " + answer + "; this client stops");
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            longestRetryMillis.accumulateAndGet((System.nanoTime() - firstTry) / 1_000_000, Math::max);
            acceptedVersion[table] = event.get("version").asLong();
            accepted.incrementAndGet();
        }
    }

    private String send(ObjectNode event) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + "/ingest/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Integer.toString(response.statusCode());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** Prints the ingest row; true when PostgreSQL holds exactly the accepted events. */
    boolean report(String dbUrl) throws Exception {
        long lost = 0;
        long twice = 0;
        long stored = 0;
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            for (int t = 0; t < TABLES; t++) {
                String table = prefix + t;
                var rs = c.createStatement().executeQuery("select version from poker_tables where id = '" + table + "'");
                long version = rs.next() ? rs.getLong(1) : 0;
                rs = c.createStatement().executeQuery("select count(*), count(distinct idem_key) from ingest_keys where idem_key like 'event:" + table + ":%'");
                rs.next();
                stored += rs.getLong(2);
                twice += rs.getLong(1) - rs.getLong(2);
                // The table's version is the count of events applied to it, in order.
                lost += Math.max(0, acceptedVersion[t] - version);
                twice += Math.max(0, version - acceptedVersion[t]);
            }
        }
        System.out.printf(Locale.ROOT, "| ingest API beside it (%d tables, resend until 2xx) | events accepted: %d | in PostgreSQL: %d | lost: %d | applied twice: %d | longest until an event was accepted: %d ms |%n",
                TABLES, accepted.get(), stored, lost, twice, longestRetryMillis.get());
        System.out.printf("Answers to the ingest requests: %s%n%n", new TreeMap<>(answers));
        return lost == 0 && twice == 0;
    }
}
