package switchboard.ops;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Predicate;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.live.Hub;
import switchboard.live.Topic;

/**
 * The node's metrics in Prometheus' text format at {@code GET /metrics}: the live path (streams
 * by topic kind, events and bytes sent, commit-to-socket latency, listener lag, replay sizes,
 * dropped streams, coalesced frames, render time by region, NOTIFY wake-ups), HTTP requests by
 * route and status (ingest included), HikariCP and the JVM. Readable by admins, or by a scraper
 * that sends {@code Authorization: Bearer <METRICS_TOKEN>}.
 */
public final class Telemetry {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String token;

    public Telemetry(String token) {
        this.token = token;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Open streams per topic kind, counted when scraped (a stream with topics of two kinds counts in both). */
    public void watchStreams(Hub hub, Iterable<String> kinds) {
        for (String kind : kinds) {
            Gauge.builder("switchboard.live.streams", hub, h -> h.subscribers().stream()
                            .filter(s -> s.topics().stream().map(Topic::kind).anyMatch(kind::equals)).count())
                    .tag("kind", kind)
                    .description("open /live streams following a topic of this kind")
                    .register(registry);
        }
    }

    /** Jetty's connections (opened, open, bytes in and out) on every connector. */
    public void watchConnections(org.eclipse.jetty.server.Server jetty) {
        io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics.addToAllConnectors(jetty, registry);
    }

    /** HTTP's methods; any other a client makes up is counted as "other", so it cannot add series without end. */
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /** Times a finished request by method, route (its path template) and status. */
    public void record(Context ctx, long startedNanos) {
        var matched = ctx.endpoints().lastHttpEndpoint();
        String route = matched == null ? "unmatched" : matched.path;
        Timer.builder("http.server.requests")
                .tag("method", KNOWN_METHODS.contains(ctx.method().name()) ? ctx.method().name() : "other")
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void register(Routes routes, Predicate<Context> isAdmin) {
        // Public at the router: a scraper has no session; the handler accepts an admin or the token.
        routes.get("/metrics", Access.PUBLIC, ctx -> show(ctx, isAdmin));
    }

    private void show(Context ctx, Predicate<Context> isAdmin) {
        if (!bearerMatches(ctx.header("Authorization")) && !isAdmin.test(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
            throw new UnauthorizedResponse("Metrics are for admins, or for a scraper that sends Authorization: Bearer <METRICS_TOKEN>.");
        }
        ctx.header("Cache-Control", "no-store")
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(registry.scrape());
    }

    private boolean bearerMatches(String header) {
        return !token.isEmpty() && switchboard.web.Bearer.token(header)
                .filter(given -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))).isPresent();
    }
}
