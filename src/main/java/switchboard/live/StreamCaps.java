package switchboard.live;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many live streams one caller may hold open on this node: {@code perAccount} for a
 * signed-in account, {@code perAddress} for visitors who are not signed in, counted by client
 * address (behind trusted proxies, the address they forward), so that nobody can open streams
 * without end by dropping their cookie. Over the cap, {@link LiveEndpoint} answers 429 with
 * {@code Retry-After}. A counter lives only while its caller has a stream open, so addresses
 * seen once do not pile up.
 */
final class StreamCaps {
    /** How long a connect over the account's cap waits for {@link #freedByProbe} to find pages that went away. */
    private static final Duration PROBE = Duration.ofMillis(400);
    private static final Duration PROBE_STEP = Duration.ofMillis(40);

    private final Hub hub;
    private final int perAccount;
    private final int perAddress;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    StreamCaps(Hub hub, int perAccount, int perAddress) {
        this.hub = hub;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
    }

    /** Takes a slot for one stream: its key, for {@link #release} when the stream ends; null when the caller is at its cap. */
    String take(Viewer viewer, String address) throws InterruptedException {
        String key = viewer.signedIn() ? viewer.id() : "address:" + address;
        int cap = viewer.signedIn() ? perAccount : perAddress;
        AtomicInteger count = open.compute(key, (k, v) -> {
            var c = v == null ? new AtomicInteger() : v;
            c.incrementAndGet();
            return c;
        });
        if (count.get() > cap && !(viewer.signedIn() && freedByProbe(viewer, count))) {
            release(key);
            return null;
        }
        return key;
    }

    /** What a caller at its cap is told (with 429). */
    String refusal(Viewer viewer) {
        return viewer.signedIn()
                ? "This account already has " + perAccount + " live streams open on this server (one per open page). Close some tabs or windows, then reload."
                : "Your network address already has " + perAddress + " live streams open on this server without signing in. "
                        + "Close some tabs or windows, or sign in, then reload.";
    }

    void release(String key) {
        open.compute(key, (k, v) -> v == null || v.decrementAndGet() <= 0 ? null : v);
    }

    /**
     * Whether probing the account's streams freed a slot. A page that was closed or navigated
     * away from leaves its stream counted until a write to it fails, which the heartbeat only
     * tries every {@code SSE_HEARTBEAT}: someone moving quickly through pages would otherwise hit
     * the cap with far fewer pages open. Each stream writes a heartbeat now and again shortly
     * after (the first write to a closed connection is accepted; the peer's reset fails the
     * next), and the slots of the pages that went away are back within a few hundred ms.
     */
    private boolean freedByProbe(Viewer viewer, AtomicInteger count) throws InterruptedException {
        long deadline = System.nanoTime() + PROBE.toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            if (round < 2) {
                hub.pokeFor(viewer.id());
            }
            Thread.sleep(PROBE_STEP);
            if (count.get() <= perAccount) {
                return true;
            }
        }
        return false;
    }
}
