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

            node.listener().close();
            var down = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode());
            assertEquals("{\"status\":\"down\",\"database\":\"up\",\"listener\":\"down\"}", down.body());
        }
    }
}
