package switchboard.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Events as they arrive, by seq, matched to their commits only after the run: the node's
 * sequencer hands out seqs after the commits, and the node's own jobs (the dashboard's tick)
 * publish between the bench's commits, so a commit's seq is not known when it is sent.
 */
final class Arrivals {
    private final LongAdder count = new LongAdder();
    private final AtomicLong lastSeq = new AtomicLong();
    private long[] seqs = new long[1 << 16];
    private long[] nanos = new long[1 << 16];
    private int size;

    synchronized void add(long seq, long arrivedNanos) {
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        seqs[size] = seq;
        nanos[size++] = arrivedNanos;
        count.increment();
        lastSeq.accumulateAndGet(seq, Math::max);
    }

    synchronized void reset() {
        size = 0;
        count.reset();
    }

    long count() {
        return count.sum();
    }

    long lastSeq() {
        return lastSeq.get();
    }

    /** The latency of every arrival that is one of the bench's commits ({@code commitNanosBySeq}). */
    synchronized SseFanout.Recorder match(Map<Long, Long> commitNanosBySeq) {
        var latencies = new SseFanout.Recorder();
        for (int i = 0; i < size; i++) {
            Long committed = commitNanosBySeq.get(seqs[i]);
            if (committed != null) {
                latencies.record(seqs[i], nanos[i] - committed);
            }
        }
        return latencies;
    }
}
