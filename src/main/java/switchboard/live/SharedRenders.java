package switchboard.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Render once applies to replay too: when many pages reconnect at once (a node restarted, a
 * network blip) they mostly ask for the same topics from the same seq up to the same seq, and
 * the first asks the database and renders while the others wait for and share its bytes.
 * Results are kept a few seconds; a failure is not kept, so the next attempt tries again.
 * At most {@code permits} different replays render at a time, leaving the pool to live
 * dispatch and requests; a replay that cannot start soon is refused with
 * {@link LiveUnavailableException} (the stream answers 503 and the page retries).
 */
final class SharedRenders {
    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WAIT_MILLIS = 5_000;

    private record Entry(CompletableFuture<Object> result, long madeAt) {
    }

    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    SharedRenders(int permits) {
        this.permits = new Semaphore(permits, true);
    }

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> render) {
        forgetOld();
        var mine = new Entry(new CompletableFuture<>(), System.nanoTime());
        Entry existing = entries.putIfAbsent(key, mine);
        if (existing != null) {
            return (T) await(existing.result());
        }
        try {
            if (!permits.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new LiveUnavailableException("too many pages are catching up at once");
            }
            try {
                T value = render.get();
                mine.result().complete(value);
                return value;
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(key, mine, new LiveUnavailableException("interrupted"));
            throw new LiveUnavailableException("interrupted");
        } catch (RuntimeException e) {
            fail(key, mine, e);
            throw e;
        }
    }

    int size() {
        return entries.size();
    }

    private void fail(Object key, Entry entry, RuntimeException e) {
        entries.remove(key, entry);
        entry.result().completeExceptionally(e);
    }

    private static Object await(CompletableFuture<Object> result) {
        try {
            return result.get(WAIT_MILLIS * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LiveUnavailableException("a shared replay failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new LiveUnavailableException("a shared replay took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveUnavailableException("interrupted");
        }
    }

    /** At most once a second (a storm opens thousands of streams a second; each need not walk the map). */
    private void forgetOld() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < 1_000_000_000L || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        entries.values().removeIf(e -> e.result().isDone() && now - e.madeAt() > KEEP_NANOS);
    }
}
