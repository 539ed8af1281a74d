package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A topic cannot be built from a null or malformed id, and a page's stream URL is made one way. */
class TopicTest {

    @Test
    void aTopicIsNeverBuiltFromANullOrMalformedId() {
        assertThrows(IllegalArgumentException.class, () -> Topic.of("table", (String) null));
        assertThrows(IllegalArgumentException.class, () -> Topic.of("table", ""));
        assertThrows(IllegalArgumentException.class, () -> Topic.of("table", "a,b"));
        assertThrows(IllegalArgumentException.class, () -> Topic.of("table", "x&since=0"));
        assertThrows(IllegalArgumentException.class, () -> Topic.of("thread", -1));
        assertThrows(IllegalArgumentException.class, () -> Topic.of("Thread", 1));
        assertThrows(IllegalArgumentException.class, () -> new Topic(null, null));
        assertEquals("tables", Topic.of("tables").toString(), "a kind without an id has no ':null'");
        assertEquals("thread:42", Topic.of("thread", 42).toString());
        assertEquals(Topic.of("table", "final-table"), Topic.parse("table:final-table"));
    }

    @Test
    void aStreamUrlCarriesItsTopicsAndTheSeqThePageWasRenderedAt() {
        assertEquals("/live?topics=stats,presence:main&since=7", StreamUrl.of(7, Topic.of("stats"), Topic.of("presence", "main")));
        assertThrows(IllegalArgumentException.class, () -> StreamUrl.of(7, List.of()));
        assertThrows(IllegalArgumentException.class, () -> StreamUrl.of(-1, Topic.of("stats")));
    }
}
