package switchboard.live;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.auth.Access;
import switchboard.web.Routes;

/**
 * {@code GET /live?topics=a,b&since=<seq>}: one Server-Sent Events stream per page, carrying all
 * its topics. The seq to resume from comes from the browser's Last-Event-ID header, or from
 * {@code since} (or {@code lastEventId}) in the query, which the page keeps current because the
 * htmx SSE extension's own reconnect sends no header.
 */
public final class LiveRoutes {
    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);
    private static final Pattern SEQ = Pattern.compile("\\d{1,18}");

    private final Topics topics;
    private final Hub hub;
    private final Replay replay;
    private final Function<Context, Viewer> viewers;
    private final long heartbeatMillis;
    private final int outboxBytes;

    public LiveRoutes(Topics topics, Hub hub, ChangeFeed feed, Function<Context, Viewer> viewers, long heartbeatMillis, int outboxBytes) {
        this.topics = topics;
        this.hub = hub;
        this.replay = new Replay(feed, hub.frames());
        this.viewers = viewers;
        this.heartbeatMillis = heartbeatMillis;
        this.outboxBytes = outboxBytes;
    }

    public void register(Routes routes) {
        // Public: each topic kind decides who may read it (403 before anything is streamed).
        routes.get("/live", Access.PUBLIC, this::open);
    }

    private void open(Context ctx) throws IOException {
        Set<Topic> wanted = parseTopics(ctx.queryParam("topics"));
        long since = resumePoint(ctx);
        Viewer viewer = viewers.apply(ctx);
        for (Topic topic : wanted) {
            if (!topics.kindOf(topic).mayRead().test(viewer, topic)) {
                throw new ForbiddenResponse("You may not follow topic '" + topic + "'.");
            }
        }
        boolean resync = since >= 0 && replay.isFromElsewhere(since);
        Subscriber subscriber = hub.newSubscriber(wanted, viewer, outboxBytes, resync ? -1 : since);
        ctx.status(200)
                .contentType("text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
        ctx.res().flushBuffer();
        long liveFrom = hub.register(subscriber);
        // The handler's own (virtual) thread is this connection's writer: it blocks on the
        // outbox and the socket, never on anyone else's.
        try {
            serve(subscriber, new SseWriter(ctx.res().getOutputStream()), since, resync, liveFrom);
        } finally {
            hub.unregister(subscriber);
        }
    }

    private void serve(Subscriber subscriber, SseWriter writer, long since, boolean resync, long liveFrom) {
        try {
            writer.open(2_000 + ThreadLocalRandom.current().nextLong(3_000));
            if (resync) {
                writer.write(replay.resync(subscriber, liveFrom));
            } else if (since >= 0) {
                replay.run(subscriber, since, liveFrom, writer::write);
            }
            while (true) {
                var frames = subscriber.outbox().take(heartbeatMillis);
                if (subscriber.outbox().isClosed()) {
                    return;
                }
                if (frames.isEmpty()) {
                    writer.heartbeat();
                } else {
                    writer.write(frames);
                }
            }
        } catch (IOException e) {
            subscriber.close("client went away");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Live stream {} failed and was closed; the page will reconnect and replay", subscriber.id(), e);
            subscriber.close("error");
        }
    }

    private Set<Topic> parseTopics(String list) {
        try {
            return topics.parseList(list);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    /** The seq the page already has, or -1 for a page that asks for nothing missed. */
    private static long resumePoint(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return parseSeq("Last-Event-ID header", header);
        }
        for (String name : new String[] {"since", "lastEventId"}) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                return parseSeq("query parameter '" + name + "'", value);
            }
        }
        return -1;
    }

    private static long parseSeq(String what, String value) {
        if (!SEQ.matcher(value.trim()).matches()) {
            throw new BadRequestResponse("The " + what + " must be the non-negative number of the last event received (got '"
                    + Topic.abbreviate(value) + "'). Reload the page to start over.");
        }
        return Long.parseLong(value.trim());
    }
}
