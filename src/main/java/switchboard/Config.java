package switchboard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything Switchboard reads from its environment, parsed once at start.
 * A bad value stops the start with a message naming the variable and what it accepts.
 */
public record Config(
        int port,
        Optional<String> databaseUrl,
        String publicUrl,
        Path dataDir,
        Duration changeRetention,
        Duration heartbeat,
        int outboxBytes,
        int apiRate,
        int maxBodyBytes,
        Duration ingestKeyRetention,
        Duration sessionIdle,
        String trustedProxies,
        int liveStreamsPerAccount,
        int liveStreamsPerAddress,
        String metricsToken,
        int ingestCommitters,
        Duration livePace,
        Duration drainNotice,
        int databasePool) {

    public Config {
        if (ingestCommitters * 2 > databasePool) {
            throw new IllegalArgumentException("INGEST_COMMITTERS=" + ingestCommitters + " needs DATABASE_POOL of at least " + ingestCommitters * 2
                    + " (it is " + databasePool + "): the ingest committers would hold the connections pages need");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                parsePort(env.getOrDefault("PORT", "7070")),
                Optional.ofNullable(env.get("DATABASE_URL")).filter(s -> !s.isBlank()),
                parsePublicUrl(env.getOrDefault("PUBLIC_URL", "")),
                Path.of(env.getOrDefault("DATA_DIR", "data")).toAbsolutePath(),
                parseDuration("CHANGE_RETENTION", env.getOrDefault("CHANGE_RETENTION", "24h")),
                parseDuration("SSE_HEARTBEAT", env.getOrDefault("SSE_HEARTBEAT", "15s")),
                parseInt("SSE_OUTBOX_BYTES", env.getOrDefault("SSE_OUTBOX_BYTES", "262144"), 4096, 64 << 20),
                parseInt("API_RATE", env.getOrDefault("API_RATE", "100"), 1, 1_000_000),
                parseInt("MAX_BODY_BYTES", env.getOrDefault("MAX_BODY_BYTES", "1048576"), 1024, 64 << 20),
                parseDuration("INGEST_KEY_RETENTION", env.getOrDefault("INGEST_KEY_RETENTION", "7d")),
                parseSessionIdle(env.getOrDefault("SESSION_IDLE", "12h")),
                parseTrustedProxies(env.getOrDefault("TRUSTED_PROXIES", "")),
                parseInt("LIVE_STREAMS_PER_ACCOUNT", env.getOrDefault("LIVE_STREAMS_PER_ACCOUNT", "20"), 1, 10_000),
                parseInt("LIVE_STREAMS_PER_ADDRESS", env.getOrDefault("LIVE_STREAMS_PER_ADDRESS", "200"), 1, 1_000_000),
                parseMetricsToken(env.getOrDefault("METRICS_TOKEN", "")),
                parseInt("INGEST_COMMITTERS", env.getOrDefault("INGEST_COMMITTERS", "2"), 1, 16),
                parseLivePace(env.getOrDefault("LIVE_PACE", "0ms")),
                parseDrainNotice(env.getOrDefault("DRAIN_NOTICE", "2s")),
                parseInt("DATABASE_POOL", env.getOrDefault("DATABASE_POOL", "20"), 4, 500));
    }

    /** The same configuration on another port and database: tests start several nodes. */
    public Config withPortAndDatabase(int newPort, String newDatabaseUrl) {
        return new Config(newPort, Optional.of(newDatabaseUrl), publicUrl, dataDir, changeRetention, heartbeat, outboxBytes, apiRate, maxBodyBytes,
                ingestKeyRetention, sessionIdle, trustedProxies, liveStreamsPerAccount, liveStreamsPerAddress, metricsToken, ingestCommitters, livePace, drainNotice,
                databasePool);
    }

    /** Empty (only admins read /metrics), or a secret of 32+ printable characters a scraper sends as a bearer token. */
    private static String parseMetricsToken(String value) {
        String token = value.strip();
        if (!token.isEmpty() && !token.matches("[\\x21-\\x7e]{32,200}")) {
            throw new IllegalArgumentException("METRICS_TOKEN must be 32 to 200 printable characters without spaces (e.g. from `openssl rand -hex 32`), or unset");
        }
        return token;
    }

    private static String parsePublicUrl(String value) {
        String url = value.strip();
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new IllegalArgumentException("PUBLIC_URL=" + value + " is not valid: expected the address people use, such as https://switchboard.example.org");
        }
        return url;
    }

    private static Duration parseLivePace(String value) {
        Duration pace = parseDuration("LIVE_PACE", value);
        if (pace.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new IllegalArgumentException("LIVE_PACE=" + value + " is not valid: expected from 0ms (off) to 2s");
        }
        return pace;
    }

    private static Duration parseDrainNotice(String value) {
        Duration notice = parseDuration("DRAIN_NOTICE", value);
        if (notice.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new IllegalArgumentException("DRAIN_NOTICE=" + value + " is not valid: expected from 0s (stop as soon as requests are done) to 20s");
        }
        return notice;
    }

    private static Duration parseSessionIdle(String value) {
        Duration idle = parseDuration("SESSION_IDLE", value);
        if (idle.compareTo(Duration.ofMinutes(10)) < 0 || idle.compareTo(Duration.ofDays(14)) > 0) {
            throw new IllegalArgumentException("SESSION_IDLE=" + value + " is not valid: expected from 10m to 14d");
        }
        return idle;
    }

    /** Checked here so that a typo stops the start instead of trusting nobody (or everybody). */
    private static String parseTrustedProxies(String value) {
        switchboard.web.ClientAddress.trusting(value);
        return value.strip();
    }

    private static int parsePort(String value) {
        return parseInt("PORT", value, 0, 65535);
    }

    private static int parseInt(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not valid: expected a whole number from " + min + " to " + max);
    }

    static Duration parseDuration(String name, String value) {
        var m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + " is not valid: expected a number with a unit, such as 500ms, 15s, 10m, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
