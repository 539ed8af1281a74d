package switchboard.bench;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Dashboard benchmark (issue 14): dashboard viewers (whole-book views and agents' views) while
 * wagers arrive through {@code POST /ingest/v1/events} from CLIENTS clients at a target rate,
 * as single-wager requests and as batches. Every bench wager is in CHF (no other writer uses
 * it), so the pending count a tile shows for a view is the number of that view's bench wagers
 * committed: a viewer reading count N times its update against the moment the N-th wager of
 * that view was answered 204 (commit), as PollFanout does for vote totals.
 *
 * <p>Phases on one node: VIEWERS_SMALL (500) whole-book viewers (one view); the same plus one
 * viewer on each of AGENTS (50) agents' views (51 views); then 5,000 viewers (half on the book,
 * the rest spread over the agents' views), single wagers and batches of BATCH. Reported per
 * phase: wagers/s reached, tile updates per viewer per second, commit-to-tile p50/p99, the
 * node's queries per wager (every jOOQ statement, the ingest's own included) and server CPU.
 *
 * <p>Tile cost with and without history: one book and one agent viewer, wagers one at a time
 * at 20/s, on the fresh node (no historic wagers) and on a node over a database holding
 * HISTORIC (1,000,000) wagers over the last day (see {@link #history}; WAGERS_DATABASE names a
 * database to reuse, loaded once; otherwise one is made, loaded and dropped).
 *
 * <p>Usage: DashboardLoad <jar> <wagers per second> <seconds per phase> <viewers>, or
 * DashboardLoad seed <jdbc url> <n> to load a database once for WAGERS_DATABASE.
 */
public final class DashboardLoad {
    private static final Pattern CURRENCY = Pattern.compile("data-currency=\"([A-Z]{3})\"");
    private static final Pattern PENDING = Pattern.compile("data-kpi=\"pending\">(\\d+)");
    private static final Pattern QUERIES = Pattern.compile("\"queries\":(\\d+)");
    private static final int AGENTS = Integer.getInteger("agents", 50);
    private static final int CUSTOMERS = 20;
    /** DASH_PORT moves the two nodes into DASH_PORT .. DASH_PORT + 89 (a shared machine's port ranges): + pid % 40 and + 50 + pid % 40. */
    private static final int PORT_BASE = Integer.parseInt(System.getenv().getOrDefault("DASH_PORT", "7600"));
    private static final int PORT_SPREAD = System.getenv("DASH_PORT") == null ? 90 : 40;
    private static final int HISTORIC_OFFSET = System.getenv("DASH_PORT") == null ? 100 : 50;

    /** Commit (204) times of the bench's wagers, in answer order, per view ("book" and each agent). */
    private final Map<String, List<Long>> commits = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger();
    private final int port;
    private final String key;
    private final IngestLoad.Browser browser;
    private final BenchNode node;

    private DashboardLoad(BenchNode node, IngestLoad.Browser browser, String key) {
        this.node = node;
        this.port = node.port;
        this.browser = browser;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("seed")) {
            agents(args[1]);
            history(args[1], Integer.parseInt(args[2]), scalar(args[1], "select count(*) from wagers where ref like 'hist-%'"));
            return;
        }
        Path jar = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int viewers = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(System.getenv().getOrDefault("CLIENTS", "16"));
        int batch = Integer.parseInt(System.getenv().getOrDefault("BATCH", "10"));
        int small = Integer.parseInt(System.getenv().getOrDefault("VIEWERS_SMALL", "500"));
        var env = Map.of("API_RATE", "1000000", "MAX_BODY_BYTES", "4194304", "LIVE_STREAMS_PER_ACCOUNT", "10000");
        var rows = new ArrayList<String>();
        String costFresh;
        try (var node = BenchNode.start(jar, "d", PORT_BASE, PORT_SPREAD, env)) {
            var bench = DashboardLoad.on(jar, node);
            costFresh = bench.tileCost("0 historic wagers");
            bench.warmUp(clients, rate, batch);
            var open = new ArrayList<Socket>();
            var phase = new Phase();
            bench.open(phase, "book", small, open);
            rows.add(bench.run(phase, small + " viewers, 1 view (whole book)", clients, rate, seconds, 1));
            for (int a = 0; a < AGENTS; a++) {
                bench.open(phase, agent(a), 1, open);
            }
            // DASH_JFR=<file>: a Flight Recording of the node during this phase only (single wagers, 51 views).
            String jfr = System.getenv("DASH_JFR");
            if (jfr != null) {
                node.startRecording("dash", Path.of(jfr));
            }
            rows.add(bench.run(phase, (small + AGENTS) + " viewers, " + (AGENTS + 1) + " views", clients, rate, seconds, 1));
            if (jfr != null) {
                node.stopRecording("dash");
            }
            int more = viewers - small - AGENTS;
            bench.open(phase, "book", viewers / 2 - small, open);
            for (int a = 0; a < AGENTS; a++) {
                bench.open(phase, agent(a), (more - (viewers / 2 - small)) / AGENTS, open);
            }
            int total = phase.viewers.size();
            rows.add(bench.run(phase, total + " viewers, " + (AGENTS + 1) + " views", clients, rate, seconds, 1));
            rows.add(bench.run(phase, total + " viewers, " + (AGENTS + 1) + " views, batches of " + batch, clients, rate, seconds, batch));
            for (Socket s : open) {
                s.close();
            }
        }
        String costHistoric = historicCost(jar, env);
        System.out.printf(Locale.ROOT, "%n| phase (%d clients, target %d wagers/s, %d s, %d cores) | wagers/s | tile updates per viewer per s | commit to tile p50 / p99 / max ms | queries per wager | server CPU |%n|---|---|---|---|---|---|%n",
                clients, rate, seconds, Runtime.getRuntime().availableProcessors());
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%n| tile cost, 1 book + 1 agent viewer, 20 wagers/s one at a time | request p50 / p99 ms | commit to tile p50 / p99 ms | queries per wager | GET /dashboard p50 ms |%n|---|---|---|---|---|%n%s%n%s%n",
                costFresh, costHistoric);
        System.exit(0);
    }

    private static String agent(int a) {
        return String.format(Locale.ROOT, "a%02d", a);
    }

    private static DashboardLoad on(Path jar, BenchNode node) throws Exception {
        var browser = new IngestLoad.Browser(node.port);
        browser.signIn(jar, node.dbUrl);
        agents(node.dbUrl);
        var bench = new DashboardLoad(node, browser, browser.apiKey());
        // Pending CHF wagers already there (a reused database) count as committed long ago.
        try (var c = DriverManager.getConnection(node.dbUrl)) {
            var rs = c.createStatement().executeQuery("select scope, sum(pending_count) from wager_totals where currency = 'CHF' group by scope");
            while (rs.next()) {
                String view = rs.getString(1).equals("book") ? "book" : rs.getString(1).substring("agent:".length());
                var list = bench.ledger(view);
                for (int i = 0; i < rs.getInt(2); i++) {
                    list.add(0L);
                }
            }
        }
        return bench;
    }

    /** AGENTS agents a00, a01, … with CUSTOMERS customers each, made directly. */
    private static void agents(String dbUrl) throws Exception {
        try (var c = DriverManager.getConnection(dbUrl)) {
            c.createStatement().execute("insert into agents (id, name) select 'a' || lpad(g::text, 2, '0'), 'Agent ' || g from generate_series(0, "
                    + (AGENTS - 1) + ") g on conflict do nothing");
            c.createStatement().execute("insert into customers (id, agent_id) select a.id || '-c' || k, a.id from agents a, generate_series(0, "
                    + (CUSTOMERS - 1) + ") k where a.id ~ '^a[0-9]{2}$' on conflict do nothing");
        }
    }

    private List<Long> ledger(String view) {
        return commits.computeIfAbsent(view, v -> new ArrayList<>());
    }

    /** The viewers of one phase and what they measured. */
    private static final class Phase {
        final List<LongAdder> viewers = new ArrayList<>();
        final SseFanout.Recorder latency = new SseFanout.Recorder();
    }

    /** {@code n} streams on a view ("book" or an agent id); each times its tiles' pending counts. */
    private void open(Phase phase, String view, int n, List<Socket> sockets) throws InterruptedException {
        String topic = view.equals("book") ? "dashboard" : "dashboard_agent:" + view;
        Streams.open(port, "/live?topics=" + topic, browser.cookie(), n, () -> {
            var updates = new LongAdder();
            synchronized (phase.viewers) {
                phase.viewers.add(updates);
            }
            return new Consumer<String>() {
                private boolean inKpis;
                private String currency;

                @Override
                public void accept(String line) {
                    if (line.startsWith("event: ")) {
                        inKpis = line.equals("event: kpis");
                        currency = null;
                        if (inKpis) {
                            updates.increment();
                        }
                        return;
                    }
                    if (!inKpis || !line.startsWith("data: ")) {
                        return;
                    }
                    var c = CURRENCY.matcher(line);
                    if (c.find()) {
                        currency = c.group(1);
                    }
                    var m = PENDING.matcher(line);
                    if ("CHF".equals(currency) && m.find()) {
                        long now = System.nanoTime();
                        int count = Integer.parseInt(m.group(1));
                        var list = ledger(view);
                        Long at;
                        synchronized (list) {
                            at = count == 0 || count > list.size() ? null : list.get(count - 1);
                        }
                        if (at != null && at > 0) {
                            phase.latency.record(0, Math.max(0, now - at));
                        }
                    }
                }
            };
        }, sockets, List.of("data-currency=", "data-kpi=\"pending\""));
    }

    /**
     * DASH_WARMUP seconds (20 by default; 0: none) of wagers, not reported, with one book viewer
     * and one viewer per agent, three quarters single wagers and a quarter in batches: a node
     * fresh from its start spends much of the first phases compiling (its JIT compiler threads
     * took 40 % of its CPU in a 10 s phase run straight after the start, from a Flight Recording's
     * per-thread CPU), which no node does for long in service.
     */
    private void warmUp(int clients, int rate, int batch) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("DASH_WARMUP", "20").trim());
        if (seconds <= 0) {
            return;
        }
        var phase = new Phase();
        var open = new ArrayList<Socket>();
        open(phase, "book", 1, open);
        for (int a = 0; a < AGENTS; a++) {
            open(phase, agent(a), 1, open);
        }
        System.err.println("warm-up: " + run(phase, "warm-up, single wagers", clients, rate, Math.max(1, seconds * 3 / 4), 1));
        System.err.println("warm-up: " + run(phase, "warm-up, batches", clients, rate, Math.max(1, seconds / 4), batch));
        for (Socket s : open) {
            s.close();
        }
    }

    /** {@code clients} clients sending {@code rate} wagers/s in all for {@code seconds}, {@code batch} per request. */
    private String run(Phase phase, String name, int clients, int rate, int seconds, int batch) throws Exception {
        phase.latency.reset();
        long updatesBefore = phase.viewers.stream().mapToLong(LongAdder::sum).sum();
        long queriesBefore = queries();
        long cpuBefore = node.cpuMillis();
        var sent = new LongAdder();
        var errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        double requestsPerClient = rate / (double) batch / clients;
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                var http = HttpClient.newHttpClient();
                var random = new java.util.Random(client);
                for (long i = 0; System.nanoTime() < end; i++) {
                    long due = start + (long) (i * 1e9 / requestsPerClient);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait);
                    }
                    var views = new ArrayList<String>();
                    var body = new StringBuilder(batch == 1 ? "" : "[");
                    for (int w = 0; w < batch; w++) {
                        int a = random.nextInt(AGENTS);
                        views.add(agent(a));
                        body.append(w == 0 ? "" : ",").append(wager(agent(a), random.nextInt(CUSTOMERS)));
                    }
                    body.append(batch == 1 ? "" : "]");
                    if (post(http, body.toString(), views)) {
                        sent.add(batch);
                    } else if (errors.incrementAndGet() < 5) {
                        System.err.println("a wager request failed");
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1_000);
        double cpu = 100.0 * (node.cpuMillis() - cpuBefore) / ((elapsed + 1) * 1000.0) / Runtime.getRuntime().availableProcessors();
        double perWager = (queries() - queriesBefore - 1) / (double) Math.max(1, sent.sum());
        long updates = phase.viewers.stream().mapToLong(LongAdder::sum).sum() - updatesBefore;
        System.err.printf(Locale.ROOT, "%s: %d wagers, %d errors%n", name, sent.sum(), errors.get());
        return String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.0f / %.0f / %.0f | %.1f | %.0f%% |%s", name, sent.sum() / elapsed,
                updates / (double) phase.viewers.size() / elapsed, phase.latency.percentile(50), phase.latency.percentile(99),
                phase.latency.percentile(100), perWager, cpu, errors.get() > 0 ? " (" + errors.get() + " failed requests)" : "");
    }

    private String wager(String agent, int customer) {
        int n = serial.incrementAndGet();
        return "{\"type\":\"wager.placed\",\"eventId\":\"bw-" + n + "\",\"wagerId\":\"bw-" + n + "-" + System.nanoTime() % 100000 + "\",\"customerId\":\""
                + agent + "-c" + customer + "\",\"agentId\":\"" + agent + "\",\"stake\":\"10.00\",\"currency\":\"CHF\",\"odds\":\"2.00\",\"market\":\"Bench: winner\"}";
    }

    /** One ingest request; on 204 its wagers count as committed now, in each view's ledger. */
    private boolean post(HttpClient http, String body, List<String> views) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long at = System.nanoTime();
            if (response.statusCode() != 204) {
                System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
                return false;
            }
            var book = ledger("book");
            synchronized (book) {
                views.forEach(v -> book.add(at));
            }
            for (String view : views) {
                var list = ledger(view);
                synchronized (list) {
                    list.add(at);
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private long queries() throws Exception {
        var m = QUERIES.matcher(browser.get("/admin/metrics"));
        if (!m.find()) {
            throw new IllegalStateException("no query count from /admin/metrics");
        }
        return Long.parseLong(m.group(1));
    }

    /** One book and one agent viewer; 200 wagers one at a time at 20/s; the dashboard page timed 50 times. */
    private String tileCost(String name) throws Exception {
        var phase = new Phase();
        var open = new ArrayList<Socket>();
        open(phase, "book", 1, open);
        open(phase, agent(0), 1, open);
        var requests = new SseFanout.Recorder();
        var http = HttpClient.newHttpClient();
        long queriesBefore = queries();
        int wagers = 200;
        for (int i = 0; i < wagers; i++) {
            long t = System.nanoTime();
            if (!post(http, wager(agent(i % 2 == 0 ? 0 : 1 + i % (AGENTS - 1)), i % CUSTOMERS), List.of(agent(i % 2 == 0 ? 0 : 1 + i % (AGENTS - 1))))) {
                throw new IllegalStateException("a wager was refused");
            }
            requests.record(0, System.nanoTime() - t);
            sleep(t + 50_000_000L - System.nanoTime());
        }
        Thread.sleep(1_000);
        double perWager = (queries() - queriesBefore - 1) / (double) wagers;
        var page = new SseFanout.Recorder();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            browser.get("/dashboard");
            page.record(0, System.nanoTime() - t);
        }
        for (Socket s : open) {
            s.close();
        }
        return String.format(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | %.1f | %.1f |", name, requests.percentile(50), requests.percentile(99),
                phase.latency.percentile(50), phase.latency.percentile(99), perWager, page.percentile(50));
    }

    /** The same tile-cost run on a node over a database holding HISTORIC wagers. */
    private static String historicCost(Path jar, Map<String, String> env) throws Exception {
        int historic = Integer.parseInt(System.getenv().getOrDefault("HISTORIC", "1000000"));
        String reuse = System.getenv("WAGERS_DATABASE");
        try (var node = reuse != null ? BenchNode.existing(jar, reuse, PORT_BASE + HISTORIC_OFFSET, PORT_SPREAD, env) : BenchNode.start(jar, "dh", PORT_BASE + HISTORIC_OFFSET, PORT_SPREAD, env)) {
            var bench = DashboardLoad.on(jar, node);
            long count = scalar(node.dbUrl, "select count(*) from wagers where ref like 'hist-%'");
            if (count < historic) {
                history(node.dbUrl, historic - (int) count, count);
            }
            String check = scalar(node.dbUrl, """
                    select count(*) from (
                        (select scope, currency, sum(pending_count), sum(pending_stake), sum(liability) from wager_totals group by 1, 2
                         except
                         select s.scope, w.currency, count(*) filter (where status = 'pending'), coalesce(sum(stake) filter (where status = 'pending'), 0),
                                coalesce(sum(potential_payout) filter (where status = 'pending'), 0)
                         from wagers w cross join lateral (values ('book'), ('agent:' || w.agent_id)) s(scope) group by 1, 2)) d
                    """) == 0 ? "" : " (aggregates do not match the wagers!)";
            return bench.tileCost(String.format(Locale.ROOT, "%,d historic wagers%s", scalar(node.dbUrl, "select count(*) from wagers"), check));
        }
    }

    private static long scalar(String dbUrl, String sql) throws Exception {
        try (var c = DriverManager.getConnection(dbUrl)) {
            var rs = c.createStatement().executeQuery(sql);
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code n} wagers placed over the last day for the bench's agents (older ones settled, as
     * {@code seed-wagers} leaves them), loaded in one statement with triggers off, then the
     * aggregates the trigger would have kept, built set-based from the same rows: each wager is a
     * placement at its placed minute and, if settled, a settlement at its updated minute (and
     * V19's rollups rebuilt from those with {@code kpi_rollups_rebuild}). Row by
     * row through the trigger ({@code seed-wagers}) a million takes far longer on these 2 cores.
     */
    static void history(String dbUrl, int n, long from) throws Exception {
        long t = System.nanoTime();
        try (var c = DriverManager.getConnection(dbUrl)) {
            c.setAutoCommit(false);
            var st = c.createStatement();
            st.execute("set session_replication_role = replica");
            st.execute("""
                    with c as (select id, agent_id, (row_number() over (order by id) - 1)::int as n, count(*) over ()::int as total
                               from customers where agent_id ~ '^a[0-9]{2}$'),
                         g as (select i, now() - interval '1 day' + (i %% 86000) * interval '1 second' as placed,
                                      round(1 + (i * 7919 %% 25000) / 100.0, 2)::numeric(18, 2) as stake, round(1.1 + (i %% 500) / 100.0, 2)::numeric(12, 4) as odds
                               from generate_series(%d::bigint, %d::bigint) i),
                         s as (select g.*, case when g.placed > now() - interval '2 hours' or g.i %% 25 = 0 then 'pending'
                                                when g.i %% 10 < 5 then 'lost' when g.i %% 10 < 8 then 'won' when g.i %% 10 < 9 then 'void' else 'cancelled' end as status
                               from g)
                    insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, payout, market, status, placed_at, updated_at)
                    select 'hist-' || s.i, c.id, c.agent_id, (array['EUR','EUR','USD','GBP'])[1 + s.i %% 4], s.stake, s.odds, trunc(s.stake * s.odds, 2),
                           case s.status when 'won' then trunc(s.stake * s.odds, 2) when 'void' then s.stake end, 'History: match result', s.status, s.placed,
                           case when s.status = 'pending' then s.placed else least(s.placed + (1 + s.i %% 90) * interval '1 minute', now()) end
                    from s join c on c.n = s.i %% c.total
                    """.formatted(from + 1, from + n));
            st.execute("""
                    create temp table ev on commit drop as
                    with w as (select * from wagers where ref like 'hist-%%' and substr(ref, 6)::bigint > %d),
                         e as (select currency, agent_id, customer_id, date_trunc('minute', placed_at) as m, 0::numeric as rev, 1 as placed, 1 as cnt,
                                      stake as st, potential_payout as li from w
                               union all
                               select currency, agent_id, customer_id, date_trunc('minute', updated_at),
                                      case status when 'lost' then stake when 'won' then -payout else 0 end, 0, -1, -stake, -potential_payout
                               from w where status <> 'pending')
                    select 'book' as scope, e.* from e union all select 'agent:' || agent_id, e.* from e
                    """.formatted(from));
            st.execute("""
                    insert into wager_minutes (scope, currency, minute, revenue, placed, pending_count, pending_stake, liability)
                    select scope, currency, m, sum(rev), sum(placed), sum(cnt), sum(st), sum(li) from ev group by 1, 2, 3
                    on conflict (scope, currency, minute, stripe) do update set revenue = wager_minutes.revenue + excluded.revenue,
                        placed = wager_minutes.placed + excluded.placed, pending_count = wager_minutes.pending_count + excluded.pending_count,
                        pending_stake = wager_minutes.pending_stake + excluded.pending_stake, liability = wager_minutes.liability + excluded.liability
                    """);
            st.execute("""
                    insert into wager_totals (scope, currency, pending_count, pending_stake, liability)
                    select scope, currency, sum(cnt), sum(st), sum(li) from ev group by 1, 2
                    on conflict (scope, currency, stripe) do update set pending_count = wager_totals.pending_count + excluded.pending_count,
                        pending_stake = wager_totals.pending_stake + excluded.pending_stake, liability = wager_totals.liability + excluded.liability
                    """);
            st.execute("insert into customer_minutes (scope, minute, customer_id) select distinct scope, m, customer_id from ev where placed = 1 on conflict do nothing");
            // The hour rollups and the active-players changes (V19) from the minute buckets and customer minutes just written.
            st.execute("select kpi_rollups_rebuild()");
            st.execute("""
                    update customers c set exposure = c.exposure + x.li, last_wager_at = greatest(c.last_wager_at, x.last)
                    from (select customer_id, sum(li) filter (where scope = 'book') as li, max(m) as last from ev group by 1) x where x.customer_id = c.id
                    """);
            c.commit();
            c.setAutoCommit(true);
            st.execute("analyze");
        }
        System.err.printf(Locale.ROOT, "loaded %,d historic wagers in %.0f s%n", n, (System.nanoTime() - t) / 1e9);
    }

    private static void sleep(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
