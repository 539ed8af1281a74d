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
 * and a node that does not get the lock skips that run.
 */
public final class SingletonJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SingletonJob.class);

    private final String name;
    private final long lockKey;
    private final DSLContext sql;
    private final Consumer<DSLContext> work;
    private final ScheduledExecutorService timer;

    public SingletonJob(String name, long lockKey, DSLContext sql, Consumer<DSLContext> work) {
        this.name = name;
        this.lockKey = lockKey;
        this.sql = sql;
        this.work = work;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("job-" + name).factory());
    }

    public SingletonJob every(Duration interval) {
        timer.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Runs the job now if no other node is running it; returns whether it ran. */
    public boolean runOnce() {
        try {
            return sql.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                Boolean locked = tx.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, lockKey)).fetchOne(0, Boolean.class);
                if (!Boolean.TRUE.equals(locked)) {
                    return false;
                }
                work.accept(tx);
                return true;
            });
        } catch (RuntimeException e) {
            log.warn("Job '{}' failed and will be retried at its next run: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
