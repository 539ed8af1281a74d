package switchboard.testing;

import java.util.Map;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;

/** A node for the dashboard's tests: no API rate limit, an admin signed in, and a game server holding an ingest key. */
public record BookNode(Switchboard node, WebClient admin, IngestClient server) {

    public static BookNode start() {
        var node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000"));
        var admin = WebClient.newAdmin(node);
        long root = node.auth().users().find("root").orElseThrow().id();
        return new BookNode(node, admin, new IngestClient(node.port(), node.auth().apiKeys().create("book", ApiKeys.SCOPE_INGEST, root).secret()));
    }
}
