package switchboard.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * The live path's meters (Prometheus names once exported: {@code switchboard_live_events_sent_total},
 * {@code switchboard_live_delivery_seconds}, ...). Made once per node and shared by the hub, the
 * listener and every stream's writer; recording is a few atomic adds, never a lock or a query.
 */
public final class LiveMeters {
    private static final int MAX_DELIVERY_SEQS = 50_000;
    final MeterRegistry registry;
    final Counter eventsSent;
    final Counter bytesSent;
    final Counter framesCoalesced;
    final Counter notifyWakeups;
    final Counter renderFailures;
    final Timer delivery;
    final Timer listenerLag;
    final DistributionSummary replayChanges;
    /** Streams that received a frame carrying each seq, until {@link #takeDeliveries} empties it. */
    private final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.LongAdder> deliveries = new java.util.concurrent.ConcurrentHashMap<>();

    public LiveMeters(MeterRegistry registry) {
        this.registry = registry;
        this.eventsSent = Counter.builder("switchboard.live.events.sent").description("SSE events written to pages").register(registry);
        this.bytesSent = Counter.builder("switchboard.live.sent").baseUnit("bytes").description("SSE bytes written to pages").register(registry);
        this.framesCoalesced = Counter.builder("switchboard.live.frames.coalesced")
                .description("snapshot frames replaced by a newer one before a slow page's writer sent them").register(registry);
        this.notifyWakeups = Counter.builder("switchboard.listener.wakeups").description("NOTIFYs that woke the change listener").register(registry);
        this.renderFailures = Counter.builder("switchboard.render.failures").description("region renders that failed twice").register(registry);
        this.delivery = Timer.builder("switchboard.live.delivery").description("from a change's commit to its events written to a page's socket (one sample per change per page)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.listenerLag = Timer.builder("switchboard.listener.lag").description("from a change's commit to its dispatch by this node's listener")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.replayChanges = DistributionSummary.builder("switchboard.live.replay.changes").description("changes replayed to a reconnecting page")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * Counts one stream receiving {@code seq}. Bounded: when nobody takes the counts (a node
     * without an ops reporter) it stops counting instead of growing.
     */
    void delivered(long seq) {
        var count = deliveries.get(seq);
        if (count == null) {
            if (deliveries.size() >= MAX_DELIVERY_SEQS) {
                return;
            }
            count = deliveries.computeIfAbsent(seq, k -> new java.util.concurrent.atomic.LongAdder());
        }
        count.increment();
    }

    /** The per-seq delivery counts since the last call (for the ops page's trace), and starts afresh. */
    public java.util.Map<Long, Long> takeDeliveries() {
        var taken = new java.util.TreeMap<Long, Long>();
        for (Long seq : deliveries.keySet()) {
            var count = deliveries.remove(seq);
            if (count != null) {
                taken.put(seq, count.sum());
            }
        }
        return taken;
    }

    /** Meters that go nowhere, for tools that start a hub without an exporter. */
    public static LiveMeters detached() {
        return new LiveMeters(new SimpleMeterRegistry());
    }

    Timer render(String region) {
        return Timer.builder("switchboard.render").tag("region", region).description("time to render a region once for all its pages")
                .register(registry);
    }

    /** Records how long ago (by the database's clock at commit) a change was committed. */
    static void since(Timer timer, Instant committed) {
        if (committed != null) {
            long nanos = Duration.between(committed, Instant.now()).toNanos();
            timer.record(Duration.ofNanos(Math.max(0, nanos)));
        }
    }
}
