package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/**
 * While PostgreSQL refuses connections, a node that has seen it refuse answers 503 at once instead
 * of holding each request for the pool's 3 s (behind a balancer that retries a 503 on every node,
 * a page waited 9 s for its 503). Checked without a clock: the pool's timeout count stops growing.
 */
class FailFastTest {
    private static final String TOKEN = "f".repeat(40);
    private static final Pattern TIMEOUTS = Pattern.compile("hikaricp_connections_timeout_total\\{[^}]*} ([0-9.]+)");
    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aNodeThatKnowsTheDatabaseIsAwayRefusesAtOnceAndRecoversWhenItAnswers() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        String name = url.jdbcUrl().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
        var server = new DatabaseUrl(url.jdbcUrl().replace("/" + name, "/postgres"), url.user(), url.password());
        try (var node = TestNode.start(url, Map.of("METRICS_TOKEN", TOKEN))) {
            assertEquals(200, get(node.port(), "/hold").statusCode());
            try (var c = TestDatabase.connect(server); var st = c.createStatement()) {
                st.execute("alter database " + name + " allow_connections false");
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
            }
            try {
                assertEquals(503, get(node.port(), "/hold").statusCode(), "the first request finds the database away");
                double timeouts = timeouts(node.port());
                for (int i = 0; i < 5; i++) {
                    var answer = get(node.port(), "/hold");
                    assertEquals(503, answer.statusCode());
                    assertTrue(answer.headers().firstValue("Retry-After").isPresent());
                }
                assertEquals(timeouts, timeouts(node.port()), "no request waited on the pool: each was refused at once");
                assertEquals(200, get(node.port(), "/static/css/app.css").statusCode(), "files need no database");
            } finally {
                try (var c = TestDatabase.connect(server); var st = c.createStatement()) {
                    st.execute("alter database " + name + " allow_connections true");
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                status = get(node.port(), "/hold").statusCode();
            }
            assertEquals(200, status, "the node serves again once the database answers");
        }
    }

    private static double timeouts(int port) throws Exception {
        var m = TIMEOUTS.matcher(get(port, "/metrics", "Authorization", "Bearer " + TOKEN).body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
