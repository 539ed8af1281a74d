package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.testing.TestDatabase;

class ChangeLogOrderTest {
    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_EACH = 40;
    private static final int CHANGES_PER_TRANSACTION = 3;

    @Test
    void concurrentWritersProduceGapFreeSeqsInCommitOrder() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        Database.open(url, 2).close();
        var problems = new ConcurrentLinkedQueue<String>();
        var writersDone = new AtomicBoolean();
        List<Long> seen = new ArrayList<>();

        // The reader follows the log as the listener does. If a seq could become visible before
        // a lower one, some read here would start past cursor + 1 or skip a number.
        Thread reader = Thread.ofPlatform().start(() -> {
            try (Connection c = TestDatabase.connect(url)) {
                long cursor = 0;
                while (true) {
                    boolean last = writersDone.get();
                    try (var st = c.prepareStatement("select seq from change_log where seq > ? order by seq")) {
                        st.setLong(1, cursor);
                        var rs = st.executeQuery();
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
                }
            } catch (SQLException e) {
                problems.add("reader failed: " + e);
            }
        });

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> write(url, writer, problems)));
        }
        for (Thread t : writers) {
            t.join();
        }
        writersDone.set(true);
        reader.join();

        assertTrue(problems.isEmpty(), String.join("\n", problems));
        int total = WRITERS * TRANSACTIONS_EACH * CHANGES_PER_TRANSACTION;
        assertEquals(total, seen.size(), "every change is seen exactly once");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
        assertTransactionsAreContiguous(url);
    }

    private static void write(DatabaseUrl url, int writer, ConcurrentLinkedQueue<String> problems) {
        var random = ThreadLocalRandom.current();
        try (Connection c = TestDatabase.connect(url)) {
            c.setAutoCommit(false);
            for (int tx = 0; tx < TRANSACTIONS_EACH; tx++) {
                for (int i = 0; i < CHANGES_PER_TRANSACTION; i++) {
                    try (var st = c.prepareStatement("select sb_publish('echo:1', ?, ?)")) {
                        st.setString(1, "w" + writer + "-" + tx);
                        st.setLong(2, i);
                        st.execute();
                    }
                    Thread.sleep(random.nextInt(3));
                }
                if (random.nextInt(10) == 0) {
                    c.rollback(); // rolled-back changes must leave no hole
                    tx--;
                } else {
                    c.commit();
                }
            }
        } catch (SQLException | InterruptedException e) {
            problems.add("writer " + writer + " failed: " + e);
        }
    }

    /** The changes of one transaction get consecutive seqs in the order they were published. */
    private static void assertTransactionsAreContiguous(DatabaseUrl url) throws SQLException {
        Map<String, List<long[]>> byTx = new HashMap<>();
        try (Connection c = TestDatabase.connect(url);
             var rs = c.createStatement().executeQuery("select kind, seq, entity_id from change_log order by seq")) {
            while (rs.next()) {
                byTx.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        assertEquals(WRITERS * TRANSACTIONS_EACH, byTx.size());
        byTx.forEach((tx, rows) -> {
            assertEquals(CHANGES_PER_TRANSACTION, rows.size(), tx);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.getFirst()[0] + i, rows.get(i)[0], tx + " seqs are consecutive");
                assertEquals(i, rows.get(i)[1], tx + " keeps its publish order");
            }
        });
    }
}
