package switchboard.live;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission for {@code /live} connects: at most {@link #ADMITTED} do their database work
 * (session, rights, the first page of replay) at once, the rest wait their turn, in order, for
 * up to {@link #WAIT_MS}. A burst of hundreds of connects then queues here, where waiting costs
 * a parked virtual thread, and not in the pool, where it starved live dispatch and every other
 * request and ended in 503s after the pool's 3 s timeout. A stream leaves admission as soon as
 * it starts streaming ({@link #leave}).
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);
    /**
     * Connects doing their database work at once: well under the pool of 20, so live dispatch,
     * replays and other requests keep connections while a thousand pages reconnect.
     */
    private static final int ADMITTED = 8;
    private static final long WAIT_MS = 10_000;
    /** Beyond this many waiting, a connect is refused at once: it could not get its turn in time anyway. */
    private static final int MAX_WAITING = 5_000;
    private static final String ADMITTED_NOW = "sb.live.admitted";

    private final Semaphore permits = new Semaphore(ADMITTED, true);

    Handler admitted(Handler guarded) {
        return ctx -> {
            if (permits.getQueueLength() >= MAX_WAITING) {
                throw busy(ctx, permits.getQueueLength() + " connects are already waiting");
            }
            if (!permits.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw busy(ctx, "no turn within " + WAIT_MS / 1000 + " s");
            }
            ctx.attribute(ADMITTED_NOW, new AtomicBoolean(true));
            try {
                guarded.handle(ctx);
            } finally {
                leave(ctx);
            }
        };
    }

    /** Gives the request's turn back, once: when its stream starts, or when it ends without one. */
    void leave(Context ctx) {
        AtomicBoolean admitted = ctx.attribute(ADMITTED_NOW);
        if (admitted != null && admitted.compareAndSet(true, false)) {
            permits.release();
        }
    }

    private static RuntimeException busy(Context ctx, String why) {
        log.warn("Refused a live stream with 503: {}", why);
        ctx.header("Retry-After", String.valueOf(2 + ThreadLocalRandom.current().nextInt(4)));
        return new ServiceUnavailableResponse("This server is opening many live streams at once (" + why
                + "); the page reconnects by itself in a few seconds.");
    }
}
