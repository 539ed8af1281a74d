package switchboard.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed sign-ins per account name and per client address in a sliding window. Once either has
 * {@code limit} failures in the window, further attempts are refused (429) until the oldest
 * failure leaves the window, whether or not the password would be right. Kept per node: with
 * N nodes behind a balancer an attacker gets at most N times the limit.
 */
public final class LoginThrottle {
    private static final int MAX_KEYS = 100_000;

    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    public static LoginThrottle standard() {
        return new LoginThrottle(10, Duration.ofMinutes(1), System::currentTimeMillis);
    }

    /** Seconds to wait before trying again, or 0 when an attempt may go ahead. */
    public long retryAfterSeconds(String username, String address) {
        long now = clock.getAsLong();
        String account = accountKey(username);
        long wait = Math.max(account == null ? 0 : waitMillis(account, now), waitMillis("ip:" + address, now));
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    void failed(String username, String address) {
        long now = clock.getAsLong();
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(q -> {
                synchronized (q) {
                    return q.isEmpty() || q.peekLast() < now - windowMillis;
                }
            });
        }
        String account = accountKey(username);
        if (account != null) {
            record(account, now);
        }
        record("ip:" + address, now);
    }

    private static String accountKey(String username) {
        return username == null || username.isBlank() ? null : "user:" + username.strip().toLowerCase();
    }

    private void record(String key, long now) {
        Deque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            prune(q, now);
            q.addLast(now);
            while (q.size() > limit) {
                q.removeFirst();
            }
        }
    }

    private long waitMillis(String key, long now) {
        Deque<Long> q = failures.get(key);
        if (q == null) {
            return 0;
        }
        synchronized (q) {
            prune(q, now);
            return q.size() < limit ? 0 : q.peekFirst() + windowMillis - now;
        }
    }

    private void prune(Deque<Long> q, long now) {
        while (!q.isEmpty() && q.peekFirst() <= now - windowMillis) {
            q.removeFirst();
        }
    }
}
