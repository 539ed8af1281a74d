package switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.core.util.serializer.JavaSerializer;

/**
 * Connect-rate benchmark (issue 13): {@code n} signed-in pages, each its own account and session,
 * open their {@code /live} stream on one chat thread they are all members of
 * ({@code thread:<id>,threadsum:<id>}, as the chat page asks), from this process, as fast as it
 * can with {@code inFlight} connects outstanding (one thread and a selector: {@link RawConnects}). Reports connections accepted per second, the
 * time until all of them are streaming (their 200 and headers arrived), the node's queries per
 * connect and its CPU. The baseline in the same run is the same client opening as many
 * connections to {@code /health/live} (a trivial endpoint of the same node, no database), kept
 * open like the streams.
 *
 * <p>The sessions are made directly in the database from the bench admin's real one (same
 * pac4j profile, another account id), so that signing 10,000 people in through the password
 * hash is not what is measured.
 *
 * <p>Usage: ConnectRate <jar> <connections> <inFlight>
 */
public final class ConnectRate {
    private static final Pattern QUERIES = Pattern.compile("\"queries\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        try (var node = BenchNode.start(jar, "k", 8000, 90, Map.of())) {
            var admin = new IngestLoad.Browser(node.port);
            admin.signIn(jar, node.dbUrl);
            long thread = prepare(node.dbUrl, admin.cookie(), n);
            List<String> cookies = sessions(node.dbUrl, n);
            long since = cursor(node.dbUrl, admin);

            var rows = new StringBuilder();
            Run base = run(node, admin, "/health/live", i -> null, n, inFlight);
            rows.append(base.row("`GET /health/live` (baseline: same client, no database)", base));
            // CONNECT_JFR=<file>: a Flight Recording of the node during the first /live round, and
            // one of the warm round in <file>.warm.jfr.
            String jfr = System.getenv("CONNECT_JFR");
            if (jfr != null && !jfr.isBlank()) {
                node.startRecording("connect", Path.of(jfr));
            }
            Run live = run(node, admin, "/live?topics=thread:" + thread + ",threadsum:" + thread + "&since=" + since, cookies::get, n, inFlight);
            if (jfr != null && !jfr.isBlank()) {
                node.stopRecording("connect");
            }
            rows.append(live.row("`/live` on a chat thread, signed in (each its own session)", base));
            // The same 10,000 again: the first round also pays for the node's JIT compiling the
            // connect path (a cold node after a restart); this one is a node that has served it.
            long head = cursor(node.dbUrl, admin);
            if (jfr != null && !jfr.isBlank()) {
                node.startRecording("warm", Path.of(jfr + ".warm.jfr"));
            }
            Run again = run(node, admin, "/live?topics=thread:" + thread + ",threadsum:" + thread + "&since=" + head, cookies::get, n, inFlight);
            if (jfr != null && !jfr.isBlank()) {
                node.stopRecording("warm");
            }
            rows.append(again.row("the same `/live` connects again (node warm)", base));
            System.out.printf(Locale.ROOT, "%n%d connections, %d connects in flight, node on %d cores%n%n"
                    + "| path | accepted (200) | failed | connections/s | all streaming after | p50 / p99 connect ms | queries per connect | node CPU ms per connect | bench client CPU ms per connect | machine busy ms per connect | vs baseline |%n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|%n%s", n, inFlight, Runtime.getRuntime().availableProcessors(), rows);
        }
        System.exit(0);
    }

    /**
     * {@code clientPer}: this (bench) process's CPU per connect; {@code machinePer}: every core's
     * busy time per connect (/proc/stat: node, client, PostgreSQL and anyone else on the machine).
     */
    private record Run(int ok, int failed, double seconds, double p50, double p99, double queriesPer, double cpuPer, double clientPer,
            double machinePer) {
        double rate() {
            return ok / seconds;
        }

        String row(String what, Run base) {
            return String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %.2f s | %.0f / %.0f | %.2f | %.2f | %.2f | %.2f | %.2fx |%n",
                    what, ok, failed, rate(), seconds, p50, p99, queriesPer, cpuPer, clientPer, machinePer, rate() / base.rate());
        }
    }

    /** Opens {@code n} connections of {@code path}, at most {@code inFlight} still waiting for their answer; keeps them open until all are in. */
    private static Run run(BenchNode node, IngestLoad.Browser admin, String path, java.util.function.IntFunction<String> cookie, int n, int inFlight)
            throws Exception {
        long queriesBefore = queries(admin);
        long cpuBefore = node.cpuMillis();
        long clientBefore = SseFanout.cpuMillis(ProcessHandle.current().pid());
        long machineBefore = machineBusyMillis();
        var result = RawConnects.open(node.port, i -> {
            String c = cookie.apply(i);
            return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + (c == null ? "" : "Cookie: " + c + "\r\n") + "\r\n";
        }, n, inFlight, TimeUnit.SECONDS.toNanos(300));
        double seconds = (result.lastOkNanos() - result.firstNanos()) / 1e9;
        long cpu = node.cpuMillis() - cpuBefore;
        long client = SseFanout.cpuMillis(ProcessHandle.current().pid()) - clientBefore;
        long machine = machineBusyMillis() - machineBefore;
        // One read of the metrics is not the connects' work.
        double queriesPer = (queries(admin) - queriesBefore - 1) / (double) n;
        System.err.printf(Locale.ROOT, "%s: %d ok, %d failed in %.2f s%n", path.length() > 60 ? path.substring(0, 60) + "…" : path, result.ok(), result.failed(), seconds);
        long[] sorted = java.util.Arrays.stream(result.connectNanos()).filter(v -> v > 0).sorted().toArray();
        double p50 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.50)] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        result.closeAll();
        // Let the node notice the closed streams before the next run.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !admin.get("/admin/metrics").contains("\"liveStreams\":0")) {
            Thread.sleep(200);
        }
        return new Run(result.ok(), result.failed(), seconds, p50, p99, queriesPer, cpu / (double) n, client / (double) n, machine / (double) n);
    }

    /** All cores' busy time so far (/proc/stat's first line: everything but idle and iowait), in ms. */
    private static long machineBusyMillis() throws IOException {
        String[] f = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * 10; // clock ticks of 10 ms
    }

    /** A thread owned by the bench admin, with {@code n} member accounts; returns its id. */
    private static long prepare(String dbUrl, String adminCookie, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("insert into threads (title, owner_id) select 'Connect bench', id from users where username = 'bench' returning id");
            rs.next();
            long thread = rs.getLong(1);
            c.createStatement().execute("insert into users (username, display_name, role) select 'k-' || g, 'Page ' || g, 'MEMBER' from generate_series(1, " + n + ") g");
            c.createStatement().execute("insert into thread_members (thread_id, user_id) select " + thread + ", id from users where username like 'k-%' or username = 'bench'");
            return thread;
        }
    }

    /** One signed-in session per member account, made from the bench admin's session; returns their cookies in order. */
    private static List<String> sessions(String dbUrl, int n) throws Exception {
        var serializer = new JavaSerializer();
        var random = new SecureRandom();
        var cookies = new ArrayList<String>(n);
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            c.setAutoCommit(false);
            var admin = c.createStatement().executeQuery("select s.data from sessions s join users u on u.id = s.user_id where u.username = 'bench' limit 1");
            admin.next();
            byte[] template = admin.getBytes(1);
            var ids = c.createStatement().executeQuery("select id from users where username like 'k-%' order by id");
            try (var insert = c.prepareStatement("insert into sessions (id, data, expires_at, user_id) values (?, ?, ?, ?)")) {
                while (ids.next()) {
                    long user = ids.getLong(1);
                    @SuppressWarnings("unchecked")
                    var data = (Map<String, Object>) serializer.deserializeFromBytes(template);
                    @SuppressWarnings("unchecked")
                    var profiles = (Map<String, UserProfile>) data.get(Pac4jConstants.USER_PROFILES);
                    for (UserProfile profile : profiles.values()) {
                        profile.setId(String.valueOf(user));
                        profile.getRoles().clear();
                        profile.addRole("MEMBER");
                    }
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    insert.setString(1, id);
                    insert.setBytes(2, serializer.serializeToBytes(new java.util.HashMap<>(data)));
                    // As a sign-in leaves it (expiry a full idle period away), so no connect moves it on.
                    insert.setObject(3, OffsetDateTime.now().plusDays(14));
                    insert.setLong(4, user);
                    insert.addBatch();
                    cookies.add("sb_session=" + id);
                }
                insert.executeBatch();
            }
            c.commit();
        }
        return cookies;
    }

    /** The database's last seq, once the node has dispatched it: the seq a page rendered now would carry. */
    private static long cursor(String dbUrl, IngestLoad.Browser admin) throws Exception {
        long head;
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("select coalesce(max(seq), 0) from change_log");
            rs.next();
            head = rs.getLong(1);
        }
        var pattern = Pattern.compile("\"cursor\":(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var m = pattern.matcher(admin.get("/admin/metrics"));
            if (m.find() && Long.parseLong(m.group(1)) >= head) {
                return head;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the node did not reach seq " + head + " in 30 s");
    }

    private static long queries(IngestLoad.Browser admin) throws Exception {
        var m = QUERIES.matcher(admin.get("/admin/metrics"));
        if (!m.find()) {
            throw new IllegalStateException("no query count from /admin/metrics");
        }
        return Long.parseLong(m.group(1));
    }
}
