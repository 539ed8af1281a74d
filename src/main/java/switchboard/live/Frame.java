package switchboard.live;

import java.nio.charset.StandardCharsets;

/**
 * One SSE event, rendered and encoded once and then shared by every subscriber that gets it.
 * Whether a frame carries its {@code id:} line depends on what else a connection's writer sends
 * with it (see {@link SseWriter}), so both encodings are made once here: {@link #body} without
 * the line and {@link #withId} with it. The writer of a connection that gets one frame (the
 * usual case) hands {@link #withId} to the socket as it is, with no copy per connection.
 *
 * @param key frames with equal keys replace each other in an outbox (snapshots); append frames have unique keys
 * @param withId {@code id: <seq>} followed by {@link #body}
 * @param committed when its newest change was committed (null for a resync), for the delivery-latency meter
 */
record Frame(long seq, Topic topic, Object key, byte[] body, byte[] withId, java.time.Instant committed) {

    static Frame of(long seq, Topic topic, Region region, String html, java.time.Instant committed) {
        Object key = region.mode() == Region.Mode.SNAPSHOT ? topic + "#" + region.event() : new Object();
        return of(seq, topic, key, encode(region.event(), html), committed);
    }

    /** A frame telling the page to reload itself: the only way to resync an append region past retention. */
    static Frame reload(long seq) {
        return of(seq, null, "reload", encode("reload", ""), null);
    }

    private static Frame of(long seq, Topic topic, Object key, byte[] body, java.time.Instant committed) {
        byte[] id = ("id: " + seq + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] withId = java.util.Arrays.copyOf(id, id.length + body.length);
        System.arraycopy(body, 0, withId, id.length, body.length);
        return new Frame(seq, topic, key, body, withId, committed);
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
