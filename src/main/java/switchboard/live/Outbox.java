package switchboard.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames waiting for one connection's writer, in seq order, bounded in bytes. A snapshot
 * frame replaces an older one with the same key and moves to the end, which keeps the queue
 * in seq order and lets a slow client skip stale renders. Past the bound the outbox refuses
 * everything and the connection is dropped: the client recovers by replay.
 */
final class Outbox {
    private final int maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final LinkedHashMap<Object, Frame> frames = new LinkedHashMap<>();
    private long bytes;
    private long peakBytes;
    private boolean closed;
    /** The writer is asked to send a heartbeat now (see {@link #poke}). */
    private boolean poked;

    private final io.micrometer.core.instrument.Counter coalesced;
    /**
     * The node's count of outboxes holding frames for a writer that is free to send them but has
     * not run yet (see {@link Hub#awaitWriters}): the node is short of CPU, not the page of bandwidth.
     */
    private final java.util.concurrent.atomic.AtomicInteger waiting;
    /** Whether this outbox is counted in {@link #waiting}. */
    private boolean counted;
    /**
     * The writer is busy elsewhere: replaying before its first take, or sending what it took
     * last (a slow page's socket). Its frames then wait for the page, which holding the next
     * batch back would not help, so they are not counted.
     */
    private boolean writerBusy = true;

    Outbox(int maxBytes, io.micrometer.core.instrument.Counter coalesced, java.util.concurrent.atomic.AtomicInteger waiting) {
        this.maxBytes = maxBytes;
        this.coalesced = coalesced;
        this.waiting = waiting;
    }

    /** Keeps {@link #waiting} in step with this outbox; called under the lock after every change. */
    private void recount() {
        boolean holds = !closed && !writerBusy && !frames.isEmpty();
        if (holds != counted) {
            counted = holds;
            waiting.addAndGet(holds ? 1 : -1);
        }
    }

    /** Adds a frame; false when the outbox is over its bound or closed. */
    boolean offer(Frame frame) {
        return offerAll(List.of(frame));
    }

    /** Adds frames in one step (the writer sees all or none of them); false when over the bound or closed. */
    boolean offerAll(List<Frame> batch) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            for (Frame frame : batch) {
                Frame old = frames.remove(frame.key());
                if (old != null) {
                    bytes -= old.size();
                    coalesced.increment();
                }
                // An empty outbox takes any one frame, so a frame larger than the bound still goes
                // out; memory stays within the bound or one frame, whichever is larger.
                if (!frames.isEmpty() && bytes + frame.size() > maxBytes) {
                    recount();
                    return false;
                }
                frames.put(frame.key(), frame);
                bytes += frame.size();
            }
            peakBytes = Math.max(peakBytes, bytes);
            recount();
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMillis} for frames and takes them all; empty on timeout or close. */
    List<Frame> take(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            writerBusy = false;
            recount();
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (frames.isEmpty() && !closed && !poked && nanos > 0) {
                nanos = ready.awaitNanos(nanos);
            }
            poked = false;
            if (closed) {
                return List.of();
            }
            var taken = new ArrayList<>(frames.values());
            frames.clear();
            bytes = 0;
            writerBusy = !taken.isEmpty();
            recount();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the writer as if its heartbeat were due: it sends one now. Writing is the only way a
     * server learns that a page went away (nothing is read from a stream's connection).
     */
    void poke() {
        lock.lock();
        try {
            poked = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            frames.clear();
            bytes = 0;
            recount();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }
}
