package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The listener's pacing ({@link Hub#awaitWriters}): it waits only while writers that are free to
 * send have not run yet (the node short of CPU), never for writers busy with a slow page, and it
 * loses nothing: what the writers take afterwards is every change, once, in order. The hub alone,
 * with an in-memory region: no database is involved in this decision.
 */
class HubPacingTest {
    private static final Topic TOPIC = Topic.of("pacing");

    private static Hub hub() {
        var topics = new Topics();
        topics.register(new TopicKind("pacing", null, (viewer, topic) -> true, List.of(Region.append("items", c -> true,
                (topic, changes) -> changes.stream().map(c -> "<li>" + c.seq() + "</li>").collect(Collectors.joining())))));
        return new Hub(topics, 0);
    }

    private static List<Subscriber> subscribe(Hub hub, int count) {
        var subscribers = new ArrayList<Subscriber>();
        for (int i = 0; i < count; i++) {
            var subscriber = hub.newSubscriber(Set.of(TOPIC), Viewer.anonymous("v" + i), 0, 1 << 20, 0);
            hub.register(subscriber);
            subscribers.add(subscriber);
        }
        return subscribers;
    }

    /** Each writer takes what it has (if anything) and is then free, waiting for more. */
    private static void freeWriters(List<Subscriber> subscribers) throws InterruptedException {
        for (Subscriber s : subscribers) {
            s.outbox().take(0);
        }
    }

    private static List<Change> changes(long from, long to) {
        var changes = new ArrayList<Change>();
        for (long seq = from; seq <= to; seq++) {
            changes.add(new Change(seq, TOPIC.toString(), "item", seq, Instant.now()));
        }
        return changes;
    }

    @Test
    void theListenerWaitsWhileFreeWritersHaveNotRunAndNotOnceTheyHave() throws Exception {
        Hub hub = hub();
        List<Subscriber> subscribers = subscribe(hub, 32);
        freeWriters(subscribers);
        assertEquals(0, hub.awaitWriters(1_000), "no frames waiting: no wait");

        hub.dispatch(changes(1, 3), false);
        assertEquals(32, hub.behind(), "every free writer has frames it has not run to take");
        long waited = hub.awaitWriters(50);
        assertTrue(waited >= 50_000_000L, "held back for its bound while the writers do not run: " + waited + " ns");

        // The writers run and take the batch; the next one goes out at once.
        for (Subscriber s : subscribers) {
            assertEquals(1, s.outbox().take(0).size(), "the batch as one frame");
        }
        assertEquals(0, hub.behind());
        assertEquals(0, hub.awaitWriters(1_000), "the writers caught up: no wait");
    }

    @Test
    void writersBusyWithSlowPagesDoNotHoldTheListenerBack() throws Exception {
        Hub hub = hub();
        List<Subscriber> subscribers = subscribe(hub, 32);
        hub.dispatch(changes(1, 1), false);
        for (Subscriber s : subscribers) {
            // Each writer takes its frame and is now sending it to a page that reads slowly.
            assertEquals(1, s.outbox().take(0).size());
        }
        hub.dispatch(changes(2, 2), false);
        assertEquals(0, hub.behind(), "frames for writers that are busy sending are not the node's CPU falling behind");
        assertEquals(0, hub.awaitWriters(1_000));
    }

    @Test
    void aFewWritersBehindAreTolerated() throws Exception {
        Hub hub = hub();
        List<Subscriber> subscribers = subscribe(hub, 32);
        freeWriters(subscribers);
        hub.dispatch(changes(1, 1), false);
        // All but three writers run: one in sixteen of 32 streams, plus one, may lag without a wait.
        freeWriters(subscribers.subList(3, 32));
        assertEquals(3, hub.behind());
        assertEquals(0, hub.awaitWriters(1_000));
    }

    @Test
    void groupedBatchesStillGiveEveryChangeOnceInOrder() throws Exception {
        Hub hub = hub();
        List<Subscriber> subscribers = subscribe(hub, 20);
        freeWriters(subscribers);
        // Five batches while no writer runs, as when the node is short of CPU: the outboxes hold
        // them all, and each writer then sends them in one go.
        for (int b = 0; b < 5; b++) {
            hub.dispatch(changes(b * 10L + 1, b * 10L + 10), false);
        }
        for (Subscriber s : subscribers) {
            List<Frame> frames = s.outbox().take(0);
            String all = frames.stream().map(f -> new String(f.withId(), java.nio.charset.StandardCharsets.UTF_8)).collect(Collectors.joining());
            var seqs = new ArrayList<Long>();
            var m = java.util.regex.Pattern.compile("<li>(\\d+)</li>").matcher(all);
            while (m.find()) {
                seqs.add(Long.parseLong(m.group(1)));
            }
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList(), seqs, "every change once, in order");
            assertTrue(all.endsWith("\n\n") && all.contains("id: 50\n"), "the last frame carries the last seq's id");
        }
    }
}
