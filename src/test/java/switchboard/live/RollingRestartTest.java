package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.ChangeWriter;
import switchboard.testing.ReconnectingPage;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/**
 * Three nodes behind a balancer that sends each connection to a random ready node; every node
 * is drained (SIGTERM) and restarted in turn while a writer commits and 300 pages stream. Every
 * page must end with every change committed to its topic, once and in order.
 */
class RollingRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TOPICS = List.of("echo:1", "echo:2", "echo:3");

    @Test
    void aRollingRestartOfEveryNodeUnderLoadLosesAndDuplicatesNothing() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        var nodes = new AtomicReferenceArray<Switchboard>(3);
        var ports = new AtomicIntegerArray(3);
        var ready = new AtomicIntegerArray(3);
        for (int i = 0; i < 3; i++) {
            nodes.set(i, TestNode.start(url));
            ports.set(i, nodes.get(i).port());
            ready.set(i, 1);
        }
        // The balancer: a random node whose /health/ready would answer 200.
        java.util.function.IntSupplier balancer = () -> {
            var up = new ArrayList<Integer>();
            for (int i = 0; i < 3; i++) {
                if (ready.get(i) == 1) {
                    up.add(ports.get(i));
                }
            }
            return up.isEmpty() ? ports.get(0) : up.get(ThreadLocalRandom.current().nextInt(up.size()));
        };
        long head = TestDatabase.head(url);
        var pages = new HashMap<ReconnectingPage, String>();
        try {
            for (int i = 0; i < 300; i++) {
                pages.put(ReconnectingPage.open(balancer, TOPICS.get(i % 3), head), TOPICS.get(i % 3));
            }
            Wait.until("all pages streaming", () -> pages.keySet().stream().allMatch(p -> p.count("200") > 0), WAIT);
            try (var writer = new ChangeWriter(url, TOPICS, 60)) {
                for (int i = 0; i < 3; i++) {
                    int before = writer.committed();
                    Wait.until("changes before restarting node " + i, () -> writer.committed() >= before + 30, WAIT);
                    int n = i;
                    nodes.get(n).beginDrain();
                    assertEquals(503, new WebClient(ports.get(n)).get("/health/ready").statusCode(), "a draining node is not ready");
                    ready.set(n, 0);
                    nodes.get(n).drain(Duration.ofSeconds(5), Duration.ZERO);
                    nodes.set(n, TestNode.start(url, Map.of(), ports.get(n), new AtomicBoolean()));
                    ready.set(n, 1);
                }
                int after = writer.committed();
                Wait.until("changes after the last restart", () -> writer.committed() >= after + 30, WAIT);
            }
            Map<String, List<Long>> committed = new HashMap<>();
            TOPICS.forEach(t -> committed.put(t, TestDatabase.committedSeqs(url, t, head)));
            try {
                Wait.until("every page to have its topic's last change",
                        () -> pages.entrySet().stream().allMatch(e -> e.getKey().lastSeq() >= committed.get(e.getValue()).getLast()), WAIT);
            } catch (AssertionError e) {
                var behind = pages.entrySet().stream().filter(p -> p.getKey().lastSeq() < committed.get(p.getValue()).getLast())
                        .map(p -> p.getValue() + " at " + p.getKey().lastSeq() + " of " + committed.get(p.getValue()).getLast()
                                + ", answers " + p.getKey().answers() + ", " + p.getKey().state())
                        .limit(5).toList();
                throw new AssertionError(e.getMessage() + "; pages behind, first five: " + behind, e);
            }
            int wrong = 0;
            String first = null;
            for (var e : pages.entrySet()) {
                if (!e.getKey().seqs().equals(committed.get(e.getValue()))) {
                    wrong++;
                    first = first != null ? first : e.getValue() + ": got " + e.getKey().seqs().size() + " of " + committed.get(e.getValue()).size()
                            + ", answers " + e.getKey().answers();
                }
            }
            assertEquals(0, wrong, "pages whose changes differ from change_log (lost, duplicated or out of order); first: " + first);
            assertTrue(pages.keySet().stream().allMatch(p -> p.reloads() == 0), "no page had to reload");
            assertTrue(pages.keySet().stream().allMatch(p -> p.answers().keySet().stream().noneMatch(a -> a.startsWith("5") && !a.equals("503"))),
                    "no 5xx but 503");
        } finally {
            pages.keySet().forEach(ReconnectingPage::close);
            for (int i = 0; i < 3; i++) {
                nodes.get(i).close();
            }
        }
    }
}
