package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.db.DatabaseUrl;
import switchboard.testing.ReconnectingPage;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;

/**
 * Sixteen writers commit and roll back at random on four topics while the cluster's sequencer
 * (one of two nodes) is killed twice and the other takes over. A reader following change_log
 * and pages streaming from both nodes must see every committed change exactly once, in seq
 * order, with gap-free seqs, each transaction's changes consecutive and in publish order, and
 * nothing of a rolled-back transaction.
 */
class SequencerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WRITERS = 16;
    private static final List<String> TOPICS = List.of("echo:1", "echo:2", "echo:3", "echo:4");

    @Test
    void sixteenWritersAndTwoSequencerTakeoversLoseAndDuplicateNothing() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        try (Switchboard a = TestNode.start(url); Switchboard b = TestNode.start(url)) {
            Wait.until("one node to become the sequencer", () -> a.sequencer().leading() ^ b.sequencer().leading(), WAIT);
            long head = TestDatabase.head(url);
            var pages = new LinkedHashMap<ReconnectingPage, String>();
            for (int i = 0; i < 8; i++) {
                Switchboard node = i % 2 == 0 ? a : b;
                pages.put(ReconnectingPage.open(node::port, TOPICS.get(i % TOPICS.size()), head), TOPICS.get(i % TOPICS.size()));
            }
            Wait.until("pages streaming", () -> pages.keySet().stream().allMatch(p -> p.count("200") > 0), WAIT);

            var problems = new ConcurrentLinkedQueue<String>();
            var stop = new AtomicBoolean();
            var reader = new LogReader(url, head, problems);
            var committed = ConcurrentHashMap.<String>newKeySet();
            var rolledBack = ConcurrentHashMap.<String>newKeySet();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> write(url, writer, stop, committed, rolledBack, problems)));
            }
            for (int kill = 0; kill < 2; kill++) {
                int before = committed.size();
                Wait.until("writers to commit more", () -> committed.size() >= before + 150, WAIT);
                Wait.until("a sequencer to hold the lock", () -> sequencers(url, false).size() == 1, WAIT);
                List<Integer> killedPid = sequencers(url, true);
                assertEquals(1, killedPid.size(), "the sequencer's connection was killed");
                long killed = System.nanoTime();
                Wait.until("another sequencer to take over", () -> {
                    var now = sequencers(url, false);
                    return now.size() == 1 && !now.equals(killedPid);
                }, Duration.ofSeconds(3));
                long tookOver = (System.nanoTime() - killed) / 1_000_000;
                assertTrue(tookOver < 1_500, "a sequencer took over within a second or so (took " + tookOver + " ms)");
            }
            int before = committed.size();
            Wait.until("writers to commit more after the last takeover", () -> committed.size() >= before + 150, WAIT);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            TestDatabase.awaitSequenced(url);
            reader.finish();

            assertTrue(problems.isEmpty(), String.join("\n", problems));
            Map<String, List<long[]>> byTx = changesByTransaction(url, head);
            // The nodes' own changes (their ops reports, kind node.reported) share the log; the writers' kinds are w<writer>-<n>.
            var writersTx = byTx.keySet().stream().filter(kind -> kind.matches("w\\d+-\\d+")).collect(java.util.stream.Collectors.toSet());
            assertEquals(committed, writersTx, "change_log holds exactly the committed transactions");
            assertTrue(rolledBack.stream().noneMatch(byTx::containsKey), "no rolled-back change reached change_log");
            writersTx.forEach(tx -> {
                List<long[]> rows = byTx.get(tx);
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(rows.getFirst()[0] + i, rows.get(i)[0], tx + ": a transaction's seqs are consecutive");
                    assertEquals(i, rows.get(i)[1], tx + ": in the order they were published");
                }
            });
            // The nodes keep publishing their ops reports after the writers stop: count up to what the reader has read,
            // which must cover every writer's change.
            long lastRead = reader.seen.isEmpty() ? head : reader.seen.getLast();
            writersTx.forEach(tx -> assertTrue(byTx.get(tx).getLast()[0] <= lastRead, tx + " was read"));
            long total = byTx.values().stream().flatMap(List::stream).filter(row -> row[0] <= lastRead).count();
            assertEquals(total, reader.seen.size(), "the reader saw every change once");
            for (int i = 0; i < reader.seen.size(); i++) {
                assertEquals(head + i + 1, reader.seen.get(i), "gap-free, in order");
            }
            Map<String, List<Long>> expected = new HashMap<>();
            TOPICS.forEach(t -> expected.put(t, TestDatabase.committedSeqs(url, t, head)));
            Wait.until("every page to have its topic's last change",
                    () -> pages.entrySet().stream().allMatch(e -> e.getKey().lastSeq() >= expected.get(e.getValue()).getLast()), WAIT);
            pages.forEach((page, topic) -> assertEquals(expected.get(topic), page.seqs(), topic + ": the page got every change once, in order"));
            pages.keySet().forEach(ReconnectingPage::close);
        }
    }

    /**
     * change_pending is a queue of dead tuples unless vacuumed, and this project's CI server runs
     * with autovacuum off: the sequencer vacuums it itself once it has moved enough rows.
     */
    /**
     * A sequencer whose session holds the lock but does no work (a paused node, a long GC, a
     * partition PostgreSQL has not noticed): the waiting node moves what it leaves waiting, so
     * pages get every change, once, in order, a second or so late instead of never. While the
     * stuck one holds the change counter mid-batch, nothing can move (the rescue waits a short
     * lock timeout and tries again); once it lets go, everything arrives.
     */
    @Test
    void aSequencerThatHoldsTheLockButDoesNotWorkIsRescued() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        try (Connection stuck = TestDatabase.connect(url)) {
            stuck.createStatement().execute("select pg_advisory_lock(" + Sequencer.LOCK + ")");
            try (Switchboard node = TestNode.start(url)) {
                long head = TestDatabase.head(url);
                var page = ReconnectingPage.open(node::port, "echo:1", head);
                Wait.until("the page streaming", () -> page.count("200") > 0, WAIT);
                publish(url, 30);
                Wait.until("the waiting node to move the changes the stuck sequencer left", () -> received(page, head).size() == 30, Duration.ofSeconds(5));
                assertTrue(!node.sequencer().leading() && node.sequencer().rescued() >= 30, "rescued " + node.sequencer().rescued() + " (the node's own reports publish too)");

                // The stuck sequencer in the middle of a batch, holding the counter.
                stuck.setAutoCommit(false);
                stuck.createStatement().execute("select last_seq from change_counter for update");
                publish(url, 20);
                Thread.sleep(2_000); // an interval, not a hope: nothing may move while the counter is held
                assertEquals(30, received(page, head).size(), "nothing moves while the counter is held");
                stuck.rollback();
                Wait.until("the rest once the counter is free", () -> received(page, head).size() == 50, Duration.ofSeconds(5));
                assertEquals(echoSeqs(url, head), received(page, head), "every change once, in seq order, as committed");
                page.close();
            }
        }
    }

    private static List<Long> received(ReconnectingPage page, long head) {
        return page.seqs().stream().filter(seq -> seq > head).toList();
    }

    private static List<Long> echoSeqs(DatabaseUrl url, long head) throws SQLException {
        try (Connection c = TestDatabase.connect(url);
             var rs = c.createStatement().executeQuery("select seq from change_log where topic = 'echo:1' and seq > " + head + " order by seq")) {
            List<Long> seqs = new ArrayList<>();
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
            return seqs;
        }
    }

    private static void publish(DatabaseUrl url, int changes) throws SQLException {
        try (Connection c = TestDatabase.connect(url); var st = c.prepareStatement("select sb_publish('echo:1', 'rescue', ?)")) {
            for (int i = 0; i < changes; i++) {
                st.setLong(1, i);
                st.execute();
            }
        }
    }

    @Test
    void theSequencerVacuumsItsQueue() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        try (Switchboard node = TestNode.start(url)) {
            Wait.until("the node to become the sequencer", () -> node.sequencer().leading(), WAIT);
            long before = vacuums(url);
            try (Connection c = TestDatabase.connect(url)) {
                c.createStatement().execute("select sb_publish('echo:1', 'bench', g) from generate_series(1, " + (Sequencer.VACUUM_AFTER_ROWS + 1) + ") g");
            }
            TestDatabase.awaitSequenced(url);
            Wait.until("the sequencer to vacuum change_pending", () -> vacuums(url) > before, WAIT);
            try (Connection c = TestDatabase.connect(url); var rs = c.createStatement().executeQuery("select count(*) from change_log where topic = 'echo:1'")) {
                rs.next();
                assertEquals(Sequencer.VACUUM_AFTER_ROWS + 1, rs.getLong(1), "every change moved to change_log, once");
            }
        }
    }

    private static long vacuums(DatabaseUrl url) {
        try (Connection c = TestDatabase.connect(url);
             var rs = c.createStatement().executeQuery("select vacuum_count from pg_stat_user_tables where relname = 'change_pending'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(DatabaseUrl url, int writer, AtomicBoolean stop, Set<String> committed, Set<String> rolledBack,
            ConcurrentLinkedQueue<String> problems) {
        var random = ThreadLocalRandom.current();
        try (Connection c = TestDatabase.connect(url); var st = c.prepareStatement("select sb_publish(?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int tx = 0; !stop.get(); tx++) {
                String name = "w" + writer + "-" + tx;
                int changes = 1 + random.nextInt(3);
                for (int i = 0; i < changes; i++) {
                    st.setString(1, TOPICS.get(random.nextInt(TOPICS.size())));
                    st.setString(2, name);
                    st.setLong(3, i);
                    st.execute();
                }
                if (random.nextInt(7) == 0) {
                    c.rollback();
                    rolledBack.add(name);
                } else {
                    c.commit();
                    committed.add(name);
                }
            }
        } catch (SQLException e) {
            problems.add("writer " + writer + " failed: " + e);
        }
    }

    /** The backends holding the sequencer's lock; with {@code kill}, terminates them. */
    private static List<Integer> sequencers(DatabaseUrl url, boolean kill) {
        try (Connection c = TestDatabase.connect(url); var rs = c.createStatement().executeQuery("""
                select a.pid, %s from pg_stat_activity a
                where a.datname = current_database() and a.application_name = 'switchboard-sequencer'
                  and exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory' and l.granted)""".formatted(
                        kill ? "pg_terminate_backend(a.pid)" : "true"))) {
            List<Integer> pids = new ArrayList<>();
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kind (the writer's transaction) → [seq, entity_id] rows in seq order. */
    private static Map<String, List<long[]>> changesByTransaction(DatabaseUrl url, long after) throws SQLException {
        Map<String, List<long[]>> byTx = new HashMap<>();
        try (Connection c = TestDatabase.connect(url);
             var st = c.prepareStatement("select kind, seq, entity_id from change_log where seq > ? order by seq")) {
            st.setLong(1, after);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    byTx.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return byTx;
    }

    /** Follows change_log as a node's listener does; a seq that became visible before a lower one shows as a skip. */
    private static final class LogReader {
        final List<Long> seen = new ArrayList<>();
        private final Thread thread;

        LogReader(DatabaseUrl url, long from, ConcurrentLinkedQueue<String> problems) {
            this.thread = Thread.ofPlatform().start(() -> {
                long cursor = from;
                try (Connection c = TestDatabase.connect(url); var st = c.prepareStatement("select seq from change_log where seq > ? order by seq")) {
                    while (true) {
                        boolean last = finishing;
                        st.setLong(1, cursor);
                        long was = cursor;
                        try (var rs = st.executeQuery()) {
                            while (rs.next()) {
                                long seq = rs.getLong(1);
                                if (seq != cursor + 1) {
                                    problems.add("after seq " + cursor + " the reader saw " + seq);
                                }
                                seen.add(seq);
                                cursor = seq;
                            }
                        }
                        if (last) {
                            return;
                        }
                        if (cursor == was) {
                            Wait.pause(2);
                        }
                    }
                } catch (SQLException e) {
                    problems.add("reader failed: " + e);
                }
            });
        }

        private volatile boolean finishing;

        void finish() throws InterruptedException {
            finishing = true;
            thread.join();
        }
    }
}
