package switchboard.live;

import java.nio.charset.StandardCharsets;

/**
 * One SSE event, rendered and encoded once and then shared by every subscriber that gets it.
 * The {@code id:} line is not part of {@link #body}: the writer adds it per connection (see
 * {@link SseWriter}).
 *
 * @param key frames with equal keys replace each other in an outbox (snapshots); append frames have unique keys
 * @param committed when its newest change was committed (null for a resync), for the delivery-latency meter
 */
record Frame(long seq, Topic topic, Object key, byte[] body, java.time.Instant committed) {

    static Frame of(long seq, Topic topic, Region region, String html, java.time.Instant committed) {
        Object key = region.mode() == Region.Mode.SNAPSHOT ? topic + "#" + region.event() : new Object();
        return new Frame(seq, topic, key, encode(region.event(), html), committed);
    }

    /** A frame telling the page to reload itself: the only way to resync an append region past retention. */
    static Frame reload(long seq) {
        return new Frame(seq, null, "reload", encode("reload", ""), null);
    }

    static byte[] encode(String event, String data) {
        var sb = new StringBuilder(data.length() + event.length() + 32);
        sb.append("event: ").append(event).append('\n');
        // Every line of data gets its own prefix; CR is dropped so it cannot end a line early.
        for (String line : data.replace("\r", "").split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    int size() {
        return body.length;
    }
}
