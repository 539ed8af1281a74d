package switchboard.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import switchboard.db.DatabaseUrl;

/**
 * Commits one change at a time to PostgreSQL directly (not through any node), cycling over
 * {@code topics} at about {@code perSecond}, the way any SQL writer would. It keeps going
 * through failures (a restarted server), reconnecting; what it committed is in change_log.
 */
public final class ChangeWriter implements AutoCloseable {
    private final DatabaseUrl url;
    private final List<String> topics;
    private final long intervalNanos;
    private final AtomicInteger committed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public ChangeWriter(DatabaseUrl url, List<String> topics, int perSecond) {
        this.url = url;
        this.topics = List.copyOf(topics);
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.thread = Thread.ofPlatform().name("change-writer").daemon().start(this::run);
    }

    public int committed() {
        return committed.get();
    }

    public int failed() {
        return failed.get();
    }

    private void run() {
        long next = System.nanoTime();
        int i = 0;
        while (running) {
            try (Connection c = TestDatabase.connect(url); var st = c.prepareStatement("select sb_publish(?, 'written', ?)")) {
                while (running) {
                    st.setString(1, topics.get(i % topics.size()));
                    st.setLong(2, i);
                    st.execute();
                    committed.incrementAndGet();
                    i++;
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } else {
                        next = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                failed.incrementAndGet();
                Wait.pause(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }


    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
