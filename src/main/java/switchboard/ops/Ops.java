package switchboard.ops;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import switchboard.auth.Routes;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.live.ChangeFeed;
import switchboard.live.Hub;
import switchboard.live.LiveMeters;
import switchboard.live.Region;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.web.Templates;

/**
 * The ops page, {@code /admin/ops}: every node of the cluster with its streams, events/s,
 * delivery and listener lag, dropped streams and errors, live (topic {@code ops}, admins only,
 * region {@code ops-nodes}), and "trace one event" from an ingest key to its seqs and deliveries.
 * Each node reports its own figures every {@value #REPORT_SECONDS} s (no lock: every node
 * runs its reporter); a report's insert publishes to {@code ops}.
 */
public final class Ops {
    static final int REPORT_SECONDS = 5;
    /** Three missed reports: the node is shown as gone. */
    static final double GONE_AFTER_SECONDS = 3.0 * REPORT_SECONDS;
    private static final String OPS = "ops";

    private final Database database;
    private final OpsStore store;
    private final Templates templates;
    private final ChangeFeed feed;

    public Ops(Database database, Templates templates, ChangeFeed feed) {
        this.database = database;
        this.store = new OpsStore(database.sql());
        this.templates = templates;
        this.feed = feed;
    }

    static Topic topic() {
        return Topic.of(OPS);
    }

    public TopicKind topicKind() {
        return new TopicKind(OPS, null, (viewer, topic) -> viewer.admin(), List.of(
                Region.snapshot("ops-nodes", (topic, changes) -> templates.render("ops/nodes.jte", nodes()))));
    }

    public void register(Routes routes) {
        new OpsRoutes(this, store, templates, feed).register(routes);
    }

    /**
     * This node's reporter, named by a random id made at start and the address it serves on
     * (a restarted node is a new node; the old one shows as gone until its reports age out).
     */
    public SingletonJob reporterJob(int port, Hub hub, LiveMeters meters, MeterRegistry registry) {
        String nodeId = hostName() + ":" + port + "/" + UUID.randomUUID();
        var sampler = new NodeSampler(registry, hub);
        return SingletonJob.onEveryNode("ops-report", database.sql(), tx -> OpsStore.report(tx, nodeId, sampler.sample(), meters.takeDeliveries()))
                .every(Duration.ofSeconds(1), Duration.ofSeconds(REPORT_SECONDS));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    List<NodeRow> nodes() {
        var rows = new ArrayList<NodeRow>();
        store.samples().forEach((node, samples) -> {
            var latest = samples.getLast();
            var f = latest.figures();
            rows.add(new NodeRow(node, latest.ageSeconds() > GONE_AFTER_SECONDS, Math.round(latest.ageSeconds()), f.streams(), f.eventsPerSecond(),
                    f.deliveryP50Ms(), f.deliveryP99Ms(), f.listenerLagMs(), f.droppedStreams(), f.errors(),
                    Sparkline.of(samples.stream().map(s -> s.figures().eventsPerSecond()).toList()),
                    Sparkline.of(samples.stream().map(s -> (double) s.figures().streams()).toList()),
                    Sparkline.of(samples.stream().map(s -> s.figures().deliveryP99Ms()).toList())));
        });
        return rows;
    }
}
