package switchboard.games;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the ingest API. Requests that arrive while earlier ones are committing wait
 * in a queue, and the next free committer applies everything waiting (up to
 * {@link Ingest#MAX_EVENTS} events) in one transaction: one claim of all their keys, one lock of
 * all their tables, one batch of writes, one commit. Sixteen game servers sending one event each
 * then cost the database a few statements per group instead of five per event; a lone request
 * is committed at once, so an idle node adds no latency.
 *
 * <p>Each request keeps its own all-or-nothing answer: when a group's transaction fails for any
 * reason (a refused event, an idempotency conflict, a race to open a table), nothing of it was
 * committed and its requests are applied again one by one, each getting exactly the answer it
 * would have got alone. There are no threads of our own: a waiting request's own thread
 * commits a group when fewer than {@code committers} groups are in flight, and every group's
 * end wakes the waiters, so no request is left in the queue and none waits behind more than
 * the groups ahead of it.
 */
final class IngestGroups {
    private final Ingest ingest;
    private final int committers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupEnded = lock.newCondition();
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int committing;
    private final DistributionSummary groupSizes;
    private final Counter aloneAgain;

    IngestGroups(Ingest ingest, int committers, MeterRegistry meters) {
        if (committers < 1) {
            throw new IllegalArgumentException("at least one ingest committer");
        }
        this.ingest = ingest;
        this.committers = committers;
        this.groupSizes = DistributionSummary.builder("switchboard.ingest.group.requests")
                .description("Requests committed in one ingest transaction (group commit)").register(meters);
        this.aloneAgain = Counter.builder("switchboard.ingest.group.split")
                .description("Groups whose transaction failed, so that each request was applied again alone").register(meters);
    }

    /** A request in the queue; its answer is set once, by the committer of its group. */
    private static final class Waiting {
        final Ingest.Request request;
        /** Written by the committer outside the lock, after {@code applied} or {@code refusal}. */
        volatile boolean answered;
        int applied;
        RuntimeException refusal;

        Waiting(Ingest.Request request) {
            this.request = request;
        }
    }

    /** Commits the request, alone or in a group; returns how many of its events were new, or throws its refusal. */
    int accept(Ingest.Request request) {
        var mine = new Waiting(request);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.answered) {
                // Queue empty and no answer: this request is in a group being committed, whose end wakes it.
                if (committing == committers || queue.isEmpty()) {
                    groupEnded.awaitUninterruptibly();
                    continue;
                }
                committing++;
                List<Waiting> group = nextGroup();
                lock.unlock();
                try {
                    commit(group);
                } finally {
                    lock.lock();
                    committing--;
                    groupEnded.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.refusal != null) {
            throw mine.refusal;
        }
        return mine.applied;
    }

    /** The oldest waiting requests, up to {@link Ingest#MAX_EVENTS} events (always at least one request). */
    private List<Waiting> nextGroup() {
        var group = new ArrayList<Waiting>();
        int events = 0;
        while (!queue.isEmpty() && (group.isEmpty() || events + queue.peek().request.events().size() <= Ingest.MAX_EVENTS)) {
            Waiting next = queue.poll();
            events += next.request.events().size();
            group.add(next);
        }
        return group;
    }

    private void commit(List<Waiting> group) {
        try {
            commitOrRetryAlone(group);
        } finally {
            for (Waiting w : group) {
                if (!w.answered) {
                    w.refusal = new IllegalStateException("the ingest transaction of this request's group failed unexpectedly; see the node's log");
                    w.answered = true;
                }
            }
        }
    }

    private void commitOrRetryAlone(List<Waiting> group) {
        groupSizes.record(group.size());
        if (group.size() > 1) {
            try {
                int[] applied = ingest.accept(group.stream().map(w -> w.request).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).applied = applied[i];
                    group.get(i).answered = true;
                }
                return;
            } catch (RuntimeException groupFailed) {
                // Nothing of the group was committed: each request alone gets its own answer below.
                aloneAgain.increment();
            }
        }
        for (Waiting w : group) {
            try {
                w.applied = ingest.accept(w.request);
            } catch (RuntimeException refusal) {
                w.refusal = refusal;
            }
            w.answered = true;
        }
    }
}
