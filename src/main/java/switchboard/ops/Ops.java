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
     * (a restarted node is a new node; the old one shows as stopped or gone, and replaced, until
     * its reports age out). Stopping on purpose, it writes a last report saying so.
     */
    public SingletonJob reporterJob(int port, Hub hub, LiveMeters meters, MeterRegistry registry) {
        String nodeId = hostName() + ":" + port + "/" + UUID.randomUUID();
        var sampler = new NodeSampler(registry, hub);
        return SingletonJob.onEveryNode("ops-report", database.sql(), tx -> OpsStore.report(tx, nodeId, sampler.sample(), meters.takeDeliveries()))
                .atClose(tx -> OpsStore.report(tx, nodeId, sampler.sample(), meters.takeDeliveries(), true))
                .every(Duration.ofSeconds(1), Duration.ofSeconds(REPORT_SECONDS));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * Every node that reported in the last ten minutes: the ones up first. A node is
     * <em>stopped</em> when its last report says it stopped on purpose, <em>gone</em> when its
     * reports just stopped (killed, or cut off from the database), and <em>replaced</em> when a
     * node that is up now serves on the same host and port (it was restarted).
     */
    List<NodeRow> nodes() {
        var samples = store.samples();
        var upAt = new java.util.HashSet<String>();
        samples.forEach((node, list) -> {
            if (state(list.getLast()) == NodeRow.State.UP) {
                upAt.add(address(node));
            }
        });
        var rows = new ArrayList<NodeRow>();
        samples.forEach((node, list) -> {
            var latest = list.getLast();
            var f = latest.figures();
            var state = state(latest);
            rows.add(new NodeRow(node, state, state != NodeRow.State.UP && upAt.contains(address(node)), Math.round(latest.ageSeconds()),
                    f.streams(), f.eventsPerSecond(), f.deliveryP50Ms(), f.deliveryP99Ms(), f.listenerLagMs(), f.droppedStreams(), f.errors(),
                    Sparkline.of(list.stream().map(s -> s.figures().eventsPerSecond()).toList()),
                    Sparkline.of(list.stream().map(s -> (double) s.figures().streams()).toList()),
                    Sparkline.of(list.stream().map(s -> s.figures().deliveryP99Ms()).toList())));
        });
        rows.sort(java.util.Comparator.comparing(NodeRow::state));
        return rows;
    }

    private static NodeRow.State state(NodeSample latest) {
        return latest.stopped() ? NodeRow.State.STOPPED : latest.ageSeconds() > GONE_AFTER_SECONDS ? NodeRow.State.GONE : NodeRow.State.UP;
    }

    /** A node id's host and port, without the id made at its start. */
    private static String address(String nodeId) {
        int slash = nodeId.lastIndexOf('/');
        return slash < 0 ? nodeId : nodeId.substring(0, slash);
    }
}
