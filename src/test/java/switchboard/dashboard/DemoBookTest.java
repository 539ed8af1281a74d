package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/** The demo book, loaded on a start that was stopped halfway through loading it. */
class DemoBookTest {
    @Test
    void aStartStoppedWhileTheDemoLoadedIsFinishedByTheNext() throws Exception {
        try (Switchboard node = TestNode.start(TestDatabase.fresh())) {
            var sql = node.database().sql();
            var demo = node.dashboard().demo();
            // What a Ctrl+C left: the agents and customers, one batch of wagers, no account.
            demo.seed(500, 24, n -> { });
            var accounts = Files.createTempFile("demo-accounts", ".txt");
            try {
                var printed = demo.ensure(node.auth(), accounts);
                assertEquals(1, printed.size(), "the AGENT account is made and printed: " + printed);
                assertTrue(printed.getFirst().contains("agent"), printed.getFirst());
                assertEquals(3_000, sql.fetchCount(switchboard.db.jooq.Tables.WAGERS), "the wagers loaded before count");
                assertTrue(node.auth().users().find("agent").isPresent());
                assertEquals(printed.getFirst() + System.lineSeparator(), Files.readString(accounts));
                assertEquals(0, demo.ensure(node.auth(), accounts).size(), "a later start changes nothing");
                assertEquals(3_000, sql.fetchCount(switchboard.db.jooq.Tables.WAGERS));
            } finally {
                Files.deleteIfExists(accounts);
            }
        }
    }
}
