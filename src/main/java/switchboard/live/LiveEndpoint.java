package switchboard.live;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.Outages;

/**
 * {@code GET /live?topics=a,b&since=<seq>}: one Server-Sent Events stream per page, carrying all
 * its topics. The seq to resume from comes from the browser's Last-Event-ID header, or from
 * {@code since} (or {@code lastEventId}) in the query, which the page keeps current because the
 * htmx SSE extension's own reconnect sends no header.
 */
public final class LiveEndpoint {
    private static final Logger log = LoggerFactory.getLogger(LiveEndpoint.class);
    /** Replays rendering at once; the rest of the pool stays free for live dispatch and requests. */
    private static final int REPLAY_PERMITS = 4;
    private static final String DRAINING = "node draining";
    /** The hub's cursor before anything of this request was read (see {@link #noteCursor}). */
    private static final String CHECKED_FROM = "sb.live.checkedFrom";
    /** The request's topics and the rights read ahead with its account (see {@link #accountColumns}). */
    private static final String RIGHTS = "sb.live.rights";

    private final Topics topics;
    private final Hub hub;
    private final Replay replay;
    private final Function<Context, Viewer> viewers;
    /** The tag of the request's signed-in session (0 for none), read with its viewer. */
    private final java.util.function.ToLongFunction<Context> sessions;
    private final long heartbeatMillis;
    private final int outboxBytes;
    /** The client's address as the access guard reads it (behind trusted proxies, the one they forward). */
    private final Function<Context, String> addresses;
    private final StreamCaps caps;
    private volatile boolean draining;
    private final Admission admission = new Admission();

    public LiveEndpoint(Topics topics, Hub hub, ChangeFeed feed, Function<Context, Viewer> viewers, java.util.function.ToLongFunction<Context> sessions,
            Function<Context, String> addresses, long heartbeatMillis, int outboxBytes, int streamsPerAccount, int streamsPerAddress) {
        this.sessions = sessions;
        this.addresses = addresses;
        this.caps = new StreamCaps(hub, streamsPerAccount, streamsPerAddress);
        this.topics = topics;
        this.hub = hub;
        this.replay = new Replay(feed, hub.frames(), new SharedRenders(REPLAY_PERMITS), hub.meters());
        this.viewers = viewers;
        this.heartbeatMillis = heartbeatMillis;
        this.outboxBytes = outboxBytes;
    }

    /**
     * {@code guarded} (the access guard and {@link #open}) behind {@link Admission}; the hub's
     * cursor is noted first (see {@link #noteCursor}).
     */
    public io.javalin.http.Handler admitted(io.javalin.http.Handler guarded) {
        return admission.admitted(ctx -> {
            noteCursor(ctx);
            guarded.handle(ctx);
        });
    }

    /**
     * Runs before the access guard reads the session: the seq dispatched at that moment. When the
     * stream registers at the same seq, every change up to where it goes live was committed before
     * its account and topic rights were read, so the check before replay need not run again.
     */
    private void noteCursor(Context ctx) {
        ctx.attribute(CHECKED_FROM, hub.cursor());
    }

    /**
     * The topic rights of this request, as columns for the statement that reads its signed-in
     * account (the session row): the common connect then costs that one query. Null when the
     * topics are malformed ({@link #open} answers 400) or none can be read that way.
     */
    public AccountColumns accountColumns(Context ctx) {
        Set<Topic> wanted;
        if (ctx.queryParams("topics").size() > 1) {
            return null;
        }
        try {
            wanted = topics.parseList(ctx.queryParam("topics"));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        var rights = new TopicRights(topics, wanted);
        ctx.attribute(RIGHTS, rights);
        return rights;
    }

    /**
     * Serves one stream. The wiring registers it for everyone: each topic kind decides who may
     * read it (403 before anything is streamed).
     */
    public void open(Context ctx) throws IOException, InterruptedException {
        if (draining) {
            ctx.header("Retry-After", "1");
            throw new ServiceUnavailableResponse("This server is restarting; the page reconnects to another one by itself.");
        }
        Long noted = ctx.attribute(CHECKED_FROM);
        long checkedFrom = noted != null ? noted : hub.cursor();
        // Parsed once, before the session was read (see accountColumns); parsed here when malformed, for the 400.
        TopicRights rights = ctx.attribute(RIGHTS);
        Set<Topic> wanted = rights != null ? rights.wanted() : parseTopics(ResumePoint.one(ctx, "topics"));
        long since = ResumePoint.of(ctx);
        Viewer viewer = viewers.apply(ctx);
        checkMayRead(viewer, wanted, rights);
        String slot = caps.take(viewer, addresses.apply(ctx));
        if (slot == null) {
            ctx.header("Retry-After", "10");
            throw new io.javalin.http.HttpResponseException(429, caps.refusal(viewer));
        }
        try {
            stream(ctx, wanted, viewer, since, checkedFrom);
        } finally {
            caps.release(slot);
        }
    }

    /**
     * The node is stopping: new streams are refused with 503, and every open one is told to come
     * back after a short random delay (so the pages spread over the other nodes instead of
     * arriving together) and closed; each resumes elsewhere from its last event.
     */
    public void drain() {
        draining = true;
        hub.stopAccepting(DRAINING);
    }

    public boolean draining() {
        return draining;
    }

    /**
     * The subscribe-time check; it runs again before replay (without {@code ahead}), so a page
     * never receives what its viewer may not read. {@code ahead}: rights read with the session.
     */
    private void checkMayRead(Viewer viewer, Set<Topic> wanted, TopicRights ahead) {
        // One decision per topic kind, or per group of kinds sharing one rule: a chat page's
        // thread and its 30 thread lines cost one membership query, not 31, and none at all when
        // it was read with the session.
        var byRule = ahead != null ? ahead.byRule() : TopicRights.byRule(topics, wanted);
        byRule.forEach((rule, asked) -> {
            Set<Topic> read = ahead == null ? null : ahead.readAhead(viewer, rule);
            Set<Topic> readable = read != null ? read : topics.kindOf(asked.iterator().next()).readable(viewer, asked);
            for (Topic topic : asked) {
                if (!readable.contains(topic) && !viewer.signedIn()) {
                    throw new io.javalin.http.UnauthorizedResponse("Sign in to follow topic '" + topic + "'.");
                }
                if (!readable.contains(topic)) {
                    throw new ForbiddenResponse("You may not follow topic '" + topic + "'.");
                }
            }
        });
    }

    private void stream(Context ctx, Set<Topic> wanted, Viewer viewer, long since, long checkedFrom) throws IOException {
        // Only a seq past what this node has dispatched can be from another database.
        boolean resync = since > hub.cursor() && replay.isFromElsewhere(since);
        long session = viewer.signedIn() ? sessions.applyAsLong(ctx) : 0;
        Subscriber subscriber = hub.newSubscriber(wanted, viewer, session, outboxBytes, resync ? -1 : since);
        long liveFrom;
        Replay.Page first;
        try {
            liveFrom = hub.register(subscriber);
            if ((since >= 0 || resync) && liveFrom != checkedFrom) {
                // Access may have been revoked since the first check (a member removed, a poll
                // back to draft): replay sends nothing the viewer may not read now. When nothing
                // was dispatched since before the first check, it read the state at liveFrom.
                checkMayRead(viewer, wanted, null);
            }
            // The first page of what the page missed is ready before the answer starts, so a
            // node that cannot render it answers 503 instead of a stream that skips it.
            first = replay.first(wanted, since, resync, liveFrom);
        } catch (ForbiddenResponse | io.javalin.http.UnauthorizedResponse e) {
            hub.unregister(subscriber);
            throw e;
        } catch (RuntimeException e) {
            hub.unregister(subscriber);
            throw unavailable(ctx, e);
        }
        admission.leave(ctx);
        ctx.status(200)
                .contentType("text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
        // The handler's own (virtual) thread is this connection's writer: it blocks on the
        // outbox and the socket, never on anyone else's. Its first write carries the headers
        // with the stream's first bytes: one packet a connect, not two.
        try {
            serve(subscriber, new SseWriter(ctx.res().getOutputStream(), hub.meters(), heartbeatMillis), first, liveFrom);
        } finally {
            hub.unregister(subscriber);
        }
    }

    private void serve(Subscriber subscriber, SseWriter writer, Replay.Page first, long liveFrom) {
        try {
            writer.open(2_000 + ThreadLocalRandom.current().nextLong(3_000));
            for (Replay.Page page = first; ; page = replay.next(subscriber.topics(), page.next(), liveFrom)) {
                writer.write(page.frames(), false);
                if (page.next() < 0) {
                    break;
                }
            }
            while (true) {
                var frames = subscriber.outbox().take(heartbeatMillis);
                if (subscriber.outbox().isClosed()) {
                    if (DRAINING.equals(subscriber.closeReason())) {
                        writer.retry(100 + ThreadLocalRandom.current().nextLong(1_800));
                    } else if (subscriber.told() != null) {
                        writer.closed(subscriber.told());
                    }
                    return;
                }
                if (frames.isEmpty()) {
                    writer.heartbeat();
                } else {
                    writer.write(frames, true);
                }
            }
        } catch (IOException e) {
            subscriber.close("client went away");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RenderFailedException | LiveUnavailableException e) {
            // The page keeps the last event it got and resumes from it on its next connection.
            log.warn("Live stream {} closed during replay ({}); the page reconnects and resumes from its last event", subscriber.id(), e.getMessage());
            subscriber.close("replay failed");
        } catch (RuntimeException e) {
            log.error("Live stream {} failed and was closed; the page will reconnect and replay", subscriber.id(), e);
            subscriber.close("error");
        }
    }

    /** 503 with a jittered Retry-After: the page's reconnect finds this node (or another) ready. */
    private static RuntimeException unavailable(Context ctx, RuntimeException e) {
        if (!(e instanceof RenderFailedException || e instanceof LiveUnavailableException || Outages.isOutage(e))) {
            return e;
        }
        log.warn("Refused a live stream with 503: {}", e.getMessage());
        ctx.header("Retry-After", String.valueOf(2 + ThreadLocalRandom.current().nextInt(4)));
        // The statement and the driver's words stay in the log: a client is told what it can act on.
        String why = e instanceof LiveUnavailableException ? e.getMessage() : "the database did not answer";
        return new ServiceUnavailableResponse("Live updates are unavailable for a moment (" + why
                + "); the page reconnects by itself and catches up.");
    }

    private Set<Topic> parseTopics(String list) {
        try {
            return topics.parseList(list);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }
}
