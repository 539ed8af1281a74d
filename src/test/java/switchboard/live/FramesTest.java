package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The topics of one batch render at once, and the frames still come out whole and in seq order. */
class FramesTest {
    private static List<Change> changes(int topics, int perTopic) {
        var changes = new ArrayList<Change>();
        long seq = 0;
        for (int round = 0; round < perTopic; round++) {
            for (int t = 0; t < topics; t++) {
                seq++;
                changes.add(new Change(seq, "board:" + t, "item", seq, Instant.now()));
            }
        }
        return changes;
    }

    private static Topics topics(Region.Renderer renderer) {
        var topics = new Topics();
        topics.register(new TopicKind("board", java.util.regex.Pattern.compile("\\d+"), (viewer, topic) -> true,
                List.of(Region.append("items", c -> true, renderer))));
        return topics;
    }

    @Test
    void topicsOfOneBatchRenderAtTheSameTime() {
        // Each render waits until PARALLEL_TOPICS renders are in progress at once: one after
        // another, the first would wait for ever (the test's timeout fails it).
        var together = new CountDownLatch(Frames.PARALLEL_TOPICS);
        var frames = new Frames(topics((topic, changes) -> {
            together.countDown();
            try {
                assertTrue(together.await(10, TimeUnit.SECONDS), "renders ran one after another");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return topic + ":" + changes.size();
        }), LiveMeters.detached());
        var built = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> frames.build(changes(20, 3), t -> true));
        assertTrue(built.complete());
        assertEquals(20, built.frames().size(), "one frame per topic");
    }

    @Test
    void framesComeOutInSeqOrderAndAFailedTopicIsReportedAlone() {
        var frames = new Frames(topics((topic, changes) -> {
            if (topic.arg().equals("7")) {
                throw new IllegalStateException("topic 7 cannot render");
            }
            return changes.stream().map(c -> "<li>" + c.seq() + "</li>").reduce("", String::concat);
        }), LiveMeters.detached());
        var built = frames.build(changes(12, 5), t -> true);
        assertEquals(Set.of(Topic.parse("board:7")), built.failed());
        assertTrue(built.cause().getMessage().contains("topic 7"), built.cause().getMessage());
        assertEquals(11, built.frames().size());
        long last = 0;
        for (Frame f : built.frames()) {
            assertTrue(f.seq() > last, "frames in seq order");
            last = f.seq();
        }
    }
}
