package switchboard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.concurrent.TimeUnit;
import switchboard.live.Hub;

/**
 * Turns this node's meters (the same ones {@code /metrics} exports) into one report's figures:
 * rates and percentiles over the interval since the last sample, from the differences of the
 * cumulative counters and histogram buckets. Called by one thread, the reporter's.
 */
final class NodeSampler {
    private final MeterRegistry registry;
    private final Hub hub;
    private final Window delivery = new Window("switchboard.live.delivery");
    private final Window listenerLag = new Window("switchboard.listener.lag");
    private long lastNanos = System.nanoTime();
    private double lastEvents;
    private double lastErrors;

    NodeSampler(MeterRegistry registry, Hub hub) {
        this.registry = registry;
        this.hub = hub;
        this.lastEvents = events();
        this.lastErrors = errors();
    }

    NodeFigures sample() {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastNanos) / 1e9);
        double events = events();
        double errors = errors();
        double[] deliveryMs = delivery.percentiles(0.5, 0.99);
        double[] lagMs = listenerLag.percentiles(0.99);
        var figures = new NodeFigures(hub.connectionCount(), (events - lastEvents) / seconds, orNull(deliveryMs[0]), orNull(deliveryMs[1]),
                orNull(lagMs[0]), hub.droppedCount(), (int) (errors - lastErrors));
        lastNanos = now;
        lastEvents = events;
        lastErrors = errors;
        return figures;
    }

    private double events() {
        var counter = registry.find("switchboard.live.events.sent").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Server errors answered (5xx) and regions that failed to render. */
    private double errors() {
        double answered = registry.find("http.server.requests").timers().stream()
                .filter(t -> String.valueOf(t.getId().getTag("status")).startsWith("5"))
                .mapToDouble(Timer::count)
                .sum();
        var renders = registry.find("switchboard.render.failures").counter();
        return answered + (renders == null ? 0 : renders.count());
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** A timer's histogram between two samples. */
    private final class Window {
        private final String name;
        private double[] last = new double[0];
        private long lastCount;

        Window(String name) {
            this.name = name;
        }

        /** The quantiles in milliseconds of what was recorded since the last call; NaN when nothing was. */
        double[] percentiles(double... quantiles) {
            var result = new double[quantiles.length];
            java.util.Arrays.fill(result, Double.NaN);
            Timer timer = registry.find(name).timer();
            if (timer == null) {
                return result;
            }
            var snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            long total = snapshot.count() - lastCount;
            double[] counts = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                counts[i] = buckets[i].count() - (i < last.length ? last[i] : 0);
            }
            if (total > 0) {
                for (int q = 0; q < quantiles.length; q++) {
                    result[q] = snapshot.max(TimeUnit.MILLISECONDS);
                    for (int i = 0; i < buckets.length; i++) {
                        if (counts[i] >= quantiles[q] * total) {
                            result[q] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                            break;
                        }
                    }
                }
            }
            last = java.util.Arrays.stream(buckets).mapToDouble(CountAtBucket::count).toArray();
            lastCount = snapshot.count();
            return result;
        }
    }
}
