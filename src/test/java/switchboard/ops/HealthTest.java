package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

class HealthTest {

    @Test
    void healthIsOkWhenAllIsUpAndNamesTheListenerWhenItIsDown() throws Exception {
        try (var node = TestNode.start(TestDatabase.fresh())) {
            var http = HttpClient.newHttpClient();
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health")).build();
            var ok = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("{\"status\":\"ok\",\"database\":\"up\",\"listener\":\"up\"}", ok.body());

            // PostgreSQL drops the health check's own connection (a restart, a failover, an admin):
            // the next check replaces it and answers up, instead of telling the balancer "down".
            var url = node.database().url();
            try (var c = switchboard.testing.TestDatabase.connect(url); var st = c.createStatement()) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'switchboard-health' and datname = current_database()");
            }
            Thread.sleep(300); // past the 250 ms in which a check repeats the last answer
            var again = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, again.statusCode(), again.body());

            node.listener().close();
            var down = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode());
            assertEquals("{\"status\":\"down\",\"database\":\"up\",\"listener\":\"down\"}", down.body());
        }
    }
}
