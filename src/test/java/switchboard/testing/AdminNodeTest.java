package switchboard.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import switchboard.Switchboard;

/**
 * For test classes that need one node on a fresh database with an admin ({@code root}) signed
 * in: the node starts before the class's own {@code @BeforeAll} and stops after its tests.
 */
public abstract class AdminNodeTest {
    protected static Switchboard node;
    protected static WebClient admin;

    @BeforeAll
    static void startNodeWithAdmin() {
        node = TestNode.start(TestDatabase.fresh());
        admin = WebClient.newAdmin(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }
}
