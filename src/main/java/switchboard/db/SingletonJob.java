package switchboard.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic job that must run on one node at a time however many nodes share the database:
 * each run happens inside a transaction that first takes a transaction-scoped advisory lock,
 * and a node that does not get the lock skips that run. {@link #onEveryNode} makes the other
 * kind, a job every node runs for itself (reporting its own figures), with the same timer.
 * {@link #afterCommit} adds work that cannot run in a transaction (VACUUM) to each run that ran.
 */
public final class SingletonJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SingletonJob.class);

    private final String name;
    private final long lockKey;
    private final DSLContext sql;
    private final Consumer<DSLContext> work;
    private final ScheduledExecutorService timer;
    private volatile Consumer<DSLContext> afterCommit = sql -> {
    };
    private volatile Consumer<DSLContext> atClose;

    public SingletonJob(String name, long lockKey, DSLContext sql, Consumer<DSLContext> work) {
        this.name = name;
        this.lockKey = lockKey;
        this.sql = sql;
        this.work = work;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("job-" + name).factory());
    }

    private static final long NO_LOCK = Long.MIN_VALUE;

    /** A periodic job every node runs, without a lock: for work about the node itself. */
    public static SingletonJob onEveryNode(String name, DSLContext sql, Consumer<DSLContext> work) {
        return new SingletonJob(name, NO_LOCK, sql, work);
    }

    /**
     * Work for after each run this node made, once its transaction has committed: on the pool's
     * autocommit connections (so a VACUUM may run there), no longer under the job's lock. Set it
     * before {@link #every}. Its failure is logged like the job's.
     */
    public SingletonJob afterCommit(Consumer<DSLContext> work) {
        this.afterCommit = work;
        return this;
    }

    /**
     * Work for when the node stops cleanly ({@link #close}), in a transaction of its own once the
     * job's timer has stopped: a last word, such as a node saying it stopped on purpose. A node
     * that is killed runs nothing; a failure is logged and does not hold up the stop.
     */
    public SingletonJob atClose(Consumer<DSLContext> work) {
        this.atClose = work;
        return this;
    }

    /** Runs after {@code first}, then every {@code interval}. */
    public SingletonJob every(Duration first, Duration interval) {
        timer.scheduleWithFixedDelay(this::runOnce, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public SingletonJob every(Duration interval) {
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Runs the job now if no other node is running it; returns whether it ran. */
    public boolean runOnce() {
        boolean ran = runInTransaction();
        if (ran) {
            try {
                afterCommit.accept(sql);
            } catch (RuntimeException e) {
                log.warn("Job '{}' ran, but its work after the commit failed: {}", name, e.getMessage());
            }
        }
        return ran;
    }

    private boolean runInTransaction() {
        try {
            return sql.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                if (lockKey == NO_LOCK) {
                    work.accept(tx);
                    return true;
                }
                Boolean locked = tx.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, lockKey)).fetchOne(0, Boolean.class);
                if (!Boolean.TRUE.equals(locked)) {
                    return false;
                }
                work.accept(tx);
                return true;
            });
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                log.warn("Job '{}' could not reach PostgreSQL ({}); it runs again at its next turn, and recovers by itself when the database answers.",
                        name, Outages.rootMessage(e));
            } else {
                log.warn("Job '{}' failed and will be retried at its next run: {}", name, Outages.rootMessage(e), e);
            }
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        Consumer<DSLContext> last = atClose;
        if (last == null) {
            return;
        }
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            sql.transaction(cfg -> last.accept(DSL.using(cfg)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Job '{}' could not write its last word at stop ({}); the node stops anyway.", name, Outages.rootMessage(e));
        }
    }
}
