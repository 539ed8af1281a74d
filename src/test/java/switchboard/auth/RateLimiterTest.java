package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.db.Database;
import switchboard.testing.TestDatabase;

/**
 * The API rate limit with leases (RateLimiter): two nodes' limiters on one database spend a
 * key's tokens from the shared bucket a lease at a time, never grant more than the bucket holds
 * in all, and take far fewer statements than requests.
 */
class RateLimiterTest {
    private static Database a;
    private static Database b;

    @BeforeAll
    static void open() {
        var url = TestDatabase.fresh();
        a = Database.open(url, 8);
        b = Database.open(url, 8);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
    }

    @Test
    void twoNodesTogetherNeverGrantMoreThanTheSharedBucket() throws Exception {
        // Rate 20/s, burst 800: a lease is 1 (a twentieth of a second of the rate), so leases only matter at high rates...
        assertEquals(0, new RateLimiter(a.sql(), 20, 800).acquire("key:small", 1));
        // ...and at 2,000/s with a burst of 4,000 a lease is 100 tokens.
        var nodeA = new RateLimiter(a.sql(), 2_000, 4_000);
        var nodeB = new RateLimiter(b.sql(), 2_000, 4_000);
        long statementsBefore = a.queryCount() + b.queryCount();
        long started = System.nanoTime();
        // 3,040 requests, within the burst (with a lease of 100 held by each node): all granted, a statement per lease.
        int within = requests(nodeA, nodeB, 190);
        long statements = a.queryCount() + b.queryCount() - statementsBefore;
        assertEquals(16 * 190, within, "requests within the burst are all granted");
        assertTrue(statements < 16 * 190 / 10, statements + " statements for " + 16 * 190 + " requests: tokens are taken a lease at a time");
        // Then far past it: the two nodes together grant at most the bucket's burst and its refill.
        int total = within + requests(nodeA, nodeB, 500);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(total <= 4_000 + 2_000 * seconds + 1, "granted " + total + " in " + seconds + " s: never more than the bucket's burst plus its refill");
        assertTrue(total >= 4_000 - 2 * 100, "granted " + total + ": at most one lease per node is held back");
    }

    /** 16 threads, alternating between the two nodes, each asking {@code each} times; returns how many were granted. */
    private static int requests(RateLimiter nodeA, RateLimiter nodeB, int each) throws Exception {
        var granted = new ArrayList<Future<Integer>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 16; t++) {
                var limiter = t % 2 == 0 ? nodeA : nodeB;
                granted.add(threads.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        ok += limiter.acquire("key:busy", 1) == 0 ? 1 : 0;
                    }
                    return ok;
                }));
            }
        }
        int total = 0;
        for (var g : granted) {
            total += g.get();
        }
        return total;
    }
}
