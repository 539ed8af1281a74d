package switchboard.testing;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import switchboard.Switchboard;
import switchboard.auth.ApiKeys;

/**
 * For the dashboard's test classes: one node on a fresh database with no API rate limit, an
 * admin ({@code root}) signed in, and a game server holding an ingest key. The node starts before
 * the class's own {@code @BeforeAll} and stops after its tests.
 */
public abstract class BookNodeTest {
    protected static Switchboard node;
    protected static WebClient admin;
    protected static IngestClient server;
    /** The game server's key, for requests sent without {@link #server}. */
    protected static String key;

    @BeforeAll
    static void startBook() {
        node = TestNode.start(TestDatabase.fresh(), Map.of("API_RATE", "100000"));
        admin = WebClient.newAdmin(node);
        long root = node.auth().users().find("root").orElseThrow().id();
        key = node.auth().apiKeys().create("book", ApiKeys.SCOPE_INGEST, root).secret();
        server = new IngestClient(node.port(), key);
    }

    @AfterAll
    static void stopBook() {
        node.close();
    }
}
