package switchboard.bench;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Records benchmark (issue 15): the beneficiaries list at SMALL (10,000) and LARGE (1,000,000)
 * rows, as a signed-in admin: the first page, a deep keyset page (the middle of the table in
 * name order), a search and a filtered sort, each REQUESTS (100) times one after another
 * (p50 / p99 of the whole answer). On the large table also: LIST_VIEWERS (20) admins' open
 * lists while EDITS (200) edits are committed at 10/s (commit to the row's arrival in every
 * list, p50 / p99), and a CSV export of every row (rows/s, and the node's heap while it
 * streams, the node running with a 256 MB heap cap).
 *
 * <p>The rows are loaded with one INSERT ... SELECT generate_series (names with Turkish
 * diacritics, valid national ids, 10 % passive) with triggers off, as a restore would load
 * them: no audit rows and no change feed for history. RECORDS_DATABASE names a database
 * already holding the large table, to reuse (it is then not dropped).
 *
 * <p>Usage: RecordsLoad <jar> <small> <large>, or RecordsLoad seed <jdbc url> <n> to load a database once for RECORDS_DATABASE.
 */
public final class RecordsLoad {
    private static final Pattern EDIT = Pattern.compile("Bench edit (\\d+)");
    private static final int REQUESTS = Integer.parseInt(System.getenv().getOrDefault("REQUESTS", "100"));

    public static void main(String[] args) throws Exception {
        if (args[0].equals("seed")) {
            seed(args[1], Integer.parseInt(args[2]));
            return;
        }
        Path jar = Path.of(args[0]);
        int small = Integer.parseInt(args[1]);
        int large = Integer.parseInt(args[2]);
        var env = Map.of("BENCH_XMX", "256m", "LIVE_STREAMS_PER_ACCOUNT", "10000");
        Map<String, double[]> atSmall;
        try (var node = BenchNode.start(jar, "r", 7800, 90, env)) {
            seed(node.dbUrl, small);
            atSmall = lists(jar, node, small);
        }
        String reuse = System.getenv("RECORDS_DATABASE");
        try (var node = reuse != null ? BenchNode.existing(jar, reuse, 7850, 90, env) : BenchNode.start(jar, "rl", 7850, 90, env)) {
            if (reuse == null) {
                seed(node.dbUrl, large);
            }
            int rows = count(node.dbUrl);
            var atLarge = lists(jar, node, rows);
            System.out.printf(Locale.ROOT, "%n| beneficiaries list (%d requests each) | %,d rows p50 / p99 ms | %,d rows p50 / p99 ms | p50 ratio |%n|---|---|---|---|%n", REQUESTS, small, rows);
            for (var e : atSmall.entrySet()) {
                double[] s = e.getValue();
                double[] l = atLarge.get(e.getKey());
                System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | %.2fx |%n", e.getKey(), s[0], s[1], l[0], l[1], l[0] / s[0]);
            }
            var browser = new IngestLoad.Browser(node.port);
            browser.signIn(jar, node.dbUrl);
            System.out.println();
            System.out.println(edits(node, browser, Integer.parseInt(System.getenv().getOrDefault("LIST_VIEWERS", "20")),
                    Integer.parseInt(System.getenv().getOrDefault("EDITS", "200"))));
            System.out.println(export(node, browser));
        }
        System.exit(0);
    }

    /** {@code n} beneficiaries in one statement, triggers off; then ANALYZE, as after a restore. */
    static void seed(String dbUrl, int n) throws Exception {
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            c.createStatement().execute("set session_replication_role = replica");
            c.createStatement().execute("""
                    insert into beneficiaries (name, national_id, phone, address, household_size, status)
                    select (array['Ayşe','Fatma','Emine','Hatice','Zeynep','Elif','Şükrü','Mehmet','Mustafa','Ahmet','Ali','Hüseyin',
                                  'İsmail','Özgür','Gülşen','Çağla','Ümit','Ilgın','Doğan','Büşra','Ömer','Işıl','Cemil','Gökçe'])[1 + g % 24]
                           || ' ' || (array['Yılmaz','Kaya','Demir','Şahin','Çelik','Yıldız','Yıldırım','Öztürk','Aydın','Özdemir','Arslan','Doğan',
                                  'Kılıç','Aslan','Çetin','Kara','Koç','Kurt','Özkan','Şimşek','Güneş','Işık','Erdoğan','Ünal'])[1 + (g / 24) % 24]
                           || ' ' || g,
                           b || d10 || (s + d10) % 10,
                           '+90532' || lpad((g % 10000000)::text, 7, '0'), 'Kadıköy, İstanbul', 1 + g % 8,
                           -- random, not from g: names are derived from g, and a status tied to them would skew the filtered sort
                           case when random() < 0.1 then 'passive' else 'active' end
                    from generate_series(1, ?) g
                    cross join lateral (select (100000000 + g * 797)::text as b) x
                    cross join lateral (select array(select substr(x.b, i, 1)::int from generate_series(1, 9) i) as d) y
                    cross join lateral (select (((d[1] + d[3] + d[5] + d[7] + d[9]) * 7 - (d[2] + d[4] + d[6] + d[8])) % 10 + 10) % 10 as d10,
                                               d[1] + d[2] + d[3] + d[4] + d[5] + d[6] + d[7] + d[8] + d[9] as s) z
                    """.replace("?", String.valueOf(n)));
            c.createStatement().execute("analyze beneficiaries");
        }
        System.err.printf(Locale.ROOT, "seeded %,d beneficiaries in %.0f s%n", n, (System.nanoTime() - t) / 1e9);
    }

    private static int count(String dbUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery("select count(*) from beneficiaries where deleted_at is null");
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The four list requests, each timed REQUESTS times: p50 and p99 in ms. */
    private static Map<String, double[]> lists(Path jar, BenchNode node, int rows) throws Exception {
        var browser = new IngestLoad.Browser(node.port);
        browser.signIn(jar, node.dbUrl);
        String deep;
        try (Connection c = DriverManager.getConnection(node.dbUrl)) {
            var rs = c.createStatement().executeQuery("select id, name from beneficiaries where deleted_at is null order by name, id offset " + rows / 2 + " limit 1");
            rs.next();
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString((rs.getLong(1) + ":" + rs.getString(2)).getBytes(StandardCharsets.UTF_8));
            deep = "/records/beneficiaries?sort=name&dir=asc&after=" + cursor;
        }
        var paths = new LinkedHashMap<String, String>();
        paths.put("first page (newest first)", "/records/beneficiaries");
        paths.put("deep keyset page (row " + rows / 2 + " in name order)", deep);
        paths.put("search \"ozturk\" (matches Öztürk)", "/records/beneficiaries?q=" + URLEncoder.encode("ozturk", StandardCharsets.UTF_8));
        paths.put("filter status=passive, sort by name", "/records/beneficiaries?status=passive&sort=name&dir=asc");
        var result = new LinkedHashMap<String, double[]>();
        for (var e : paths.entrySet()) {
            String body = browser.get(e.getValue());
            if (!body.contains("id=\"r-beneficiaries-")) {
                throw new IllegalStateException("no rows on " + e.getValue());
            }
            var times = new SseFanout.Recorder();
            for (int i = 0; i < REQUESTS; i++) {
                long t = System.nanoTime();
                browser.get(e.getValue());
                times.record(0, System.nanoTime() - t);
            }
            result.put(e.getKey().replaceAll("row \\d+", "the middle row"), new double[] {times.percentile(50), times.percentile(99)});
        }
        return result;
    }

    /** Open lists (admins' streams on records:beneficiaries); edits committed by SQL at 10/s, each timed to every list. */
    private static String edits(BenchNode node, IngestLoad.Browser browser, int viewers, int edits) throws Exception {
        var committed = new ConcurrentHashMap<Integer, Long>();
        var latency = new SseFanout.Recorder();
        var received = new LongAdder();
        var open = new ArrayList<Socket>();
        int connected = Streams.open(node.port, "/live?topics=records:beneficiaries", browser.cookie(), viewers, () -> new Consumer<String>() {
            private boolean inRows;

            @Override
            public void accept(String line) {
                if (line.startsWith("event: ")) {
                    inRows = line.equals("event: record-rows");
                } else if (inRows && line.startsWith("data: ")) {
                    var m = EDIT.matcher(line);
                    while (m.find()) {
                        Long at = committed.get(Integer.parseInt(m.group(1)));
                        if (at != null) {
                            latency.record(0, System.nanoTime() - at);
                            received.increment();
                        }
                    }
                }
            }
        }, open);
        try (Connection c = DriverManager.getConnection(node.dbUrl)) {
            var rs = c.createStatement().executeQuery("select id from beneficiaries where deleted_at is null order by id desc limit 50");
            var ids = new ArrayList<Long>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            var update = c.prepareStatement("update beneficiaries set name = ? where id = ?");
            long start = System.nanoTime();
            for (int i = 1; i <= edits; i++) {
                long due = start + i * 100_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                update.setString(1, "Bench edit " + i + " Şükrü");
                update.setLong(2, ids.get(i % ids.size()));
                update.executeUpdate();
                committed.put(i, System.nanoTime());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.sum() < (long) edits * connected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (Socket s : open) {
            s.close();
        }
        return String.format(Locale.ROOT, "| edit → other admins' open lists | %d lists, %d edits at 10/s | %d of %d rows arrived | p50 %.0f ms / p99 %.0f ms / max %.0f ms |",
                connected, edits, received.sum(), (long) edits * connected, latency.percentile(50), latency.percentile(99), latency.percentile(100));
    }

    /** The whole table as CSV; the node's heap is sampled (jcmd, no forced GC) while it streams. */
    private static String export(BenchNode node, IngestLoad.Browser browser) throws Exception {
        var peak = new AtomicLong();
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        var sampler = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    peak.accumulateAndGet(heapKb(node.server.pid()), Math::max);
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/records/beneficiaries/export"))
                .header("Cookie", browser.cookie()).build();
        long t = System.nanoTime();
        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        done.set(true);
        sampler.join();
        return String.format(Locale.ROOT, "| CSV export of every beneficiary | status %d, %,d rows, %.0f MB in %.1f s | %,.0f rows/s | node heap cap 256 MB, peak heap used while streaming %.0f MB |",
                response.statusCode(), lines - 1, bytes / 1e6, seconds, (lines - 1) / seconds, peak.get() / 1024.0);
    }

    /** Heap in use now (no forced GC), from jcmd, in KiB. */
    private static long heapKb(long pid) throws Exception {
        var p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        var m = Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
