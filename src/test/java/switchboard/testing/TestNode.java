package switchboard.testing;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import switchboard.Config;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.live.Region;
import switchboard.live.TopicKind;

/** Starts real Switchboard nodes on free ports, with an extra {@code echo:<n>} topic for feed tests. */
public final class TestNode {
    private TestNode() {
    }

    public static Switchboard start(DatabaseUrl url) {
        return start(url, Map.of());
    }

    public static Switchboard start(DatabaseUrl url, Map<String, String> env) {
        return start(url, env, 0, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /**
     * A node on {@code port} (0: any free one) whose {@code fragile:<n>} region throws while
     * {@code renderFails} is set: a renderer that fails the way one does when the database
     * goes away under it.
     */
    public static Switchboard start(DatabaseUrl url, Map<String, String> env, int port, java.util.concurrent.atomic.AtomicBoolean renderFails) {
        return start(url, env, port, renderFails, () -> { });
    }

    /** The same, and {@code beforeRender} runs first in every render of the {@code fragile:<n>} region (one that blocks holds the dispatch in a render). */
    public static Switchboard start(DatabaseUrl url, Map<String, String> env, int port, java.util.concurrent.atomic.AtomicBoolean renderFails,
            Runnable beforeRender) {
        // Every simulated visitor connects from loopback, where in production they are many
        // addresses: the per-address cap is lifted unless a test sets it (AnonymousStreamCapTest).
        var withDefaults = new java.util.HashMap<>(Map.of("LIVE_STREAMS_PER_ADDRESS", "1000000"));
        withDefaults.putAll(env);
        var config = Config.fromEnvironment(withDefaults).withPortAndDatabase(port, url.jdbcUrl());
        return Switchboard.start(config, url, database -> List.of(echo(database.sql()), fragile(database.sql(), renderFails, beforeRender)));
    }

    /** Like {@code echo}, but its renderer runs {@code beforeRender}, then throws while {@code renderFails} is set. */
    public static TopicKind fragile(DSLContext sql, java.util.concurrent.atomic.AtomicBoolean renderFails, Runnable beforeRender) {
        Region.Renderer echo = echo(sql).regions().getFirst().renderer();
        return new TopicKind("fragile", Pattern.compile("\\d{1,9}"), TopicKind.everyone(), List.of(
                Region.append("echo", change -> true, (topic, changes) -> {
                    beforeRender.run();
                    if (renderFails.get()) {
                        throw new IllegalStateException("test renderer is failing on purpose");
                    }
                    return echo.render(topic, changes);
                })));
    }

    /**
     * {@code echo:<n>}: an append region that renders each change as {@code <li>} with its seq and
     * kind; a change whose kind is {@code big} is padded with {@code entity_id} bytes. Like every
     * feature's region it reads the database (through the node's pool) to render, so it fails
     * the way they do when the database or a pooled connection goes away.
     */
    public static TopicKind echo(DSLContext sql) {
        return new TopicKind("echo", Pattern.compile("\\d{1,9}"), TopicKind.everyone(), List.of(
                Region.append("echo", change -> true, (topic, changes) -> {
                    sql.fetchValue("select count(*) from change_log where seq = any({0})",
                            (Object) changes.stream().map(switchboard.live.Change::seq).toArray(Long[]::new));
                    var sb = new StringBuilder();
                    for (var change : changes) {
                        sb.append("<li data-seq=\"").append(change.seq()).append("\">").append(change.kind());
                        if (change.kind().equals("big")) {
                            sb.append("x".repeat(change.entityId().intValue()));
                        }
                        sb.append("</li>\n");
                    }
                    return sb.toString();
                })));
    }
}
