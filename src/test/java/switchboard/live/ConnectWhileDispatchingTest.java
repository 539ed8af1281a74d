package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;

/**
 * Issue 13, item 4: a node keeps accepting connections while it is dispatching. The hub renders
 * a batch before it takes the lock that registration needs; here a render is held (a renderer
 * waiting on the database would hold it the same way) and new streams, on other topics and on
 * the very topic being rendered, must still open, and get the held change once it is rendered.
 */
class ConnectWhileDispatchingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void streamsOpenWhileTheDispatchIsHeldInARender() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        var holding = new AtomicBoolean(true);
        var inRender = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Runnable hold = () -> {
            if (holding.get()) {
                inRender.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (Switchboard node = TestNode.start(url, Map.of(), 0, new AtomicBoolean(), hold);
                var watcher = SseClient.open(node.port(), "/live?topics=fragile:1&since=" + TestDatabase.head(url), null)) {
            try (var c = TestDatabase.connect(url)) {
                c.createStatement().execute("select sb_publish('fragile:1', 'held', 1)");
            }
            assertTrue(inRender.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the dispatch reached the held render");

            var opened = new ArrayList<SseClient>();
            try {
                long started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    opened.add(SseClient.open(node.port(), "/live?topics=echo:" + i + "&since=" + TestDatabase.head(url), null));
                }
                // The topic being rendered too: its replay waits for nothing the dispatch holds.
                opened.add(SseClient.open(node.port(), "/live?topics=fragile:2&since=" + TestDatabase.head(url), null));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(1, release.getCount(), "the render was still held while they opened");
                assertTrue(millis < WAIT.toMillis(), "21 streams opened in " + millis + " ms while the dispatch was held");

                holding.set(false);
                release.countDown();
                watcher.await("the held change, once rendered", w -> w.events().stream().anyMatch(e -> e.data().contains(">held")), WAIT);
            } finally {
                for (var stream : opened) {
                    stream.close();
                }
            }
        }
    }
}
