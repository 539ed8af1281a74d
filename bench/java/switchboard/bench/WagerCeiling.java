package switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The database's own ceiling for wagers on this machine (issue 14): pgbench inserting straight
 * into the schema a node migrated, with that node running (its sequencer moves what the
 * triggers publish into the change feed, as in service) but no viewers and no HTTP: a plain
 * insert into a copy of wagers without its trigger (the same indexes), a wager through its
 * trigger (KPI buckets for the book and the agent, active players, the customer's exposure,
 * activity, alert rules, two publishes) one per transaction, and ten per transaction. Whatever
 * the node adds comes on top, so single-wager requests cannot go faster than the middle line.
 *
 * <p>Usage: WagerCeiling <jar> <seconds per run>; CEILING_CLIENTS ("2 16") the pgbench client counts.
 */
public final class WagerCeiling {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private WagerCeiling() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        var clients = List.of(System.getenv().getOrDefault("CEILING_CLIENTS", "2 16").trim().split("\\s+"));
        var rows = new ArrayList<String>();
        try (var node = BenchNode.start(jar, "wc", 7900, 90, Map.of())) {
            try (var c = DriverManager.getConnection(node.dbUrl)) {
                c.createStatement().execute("insert into agents (id, name) select 'a' || lpad(g::text, 2, '0'), 'Agent ' || g from generate_series(0, 49) g");
                c.createStatement().execute("insert into customers (id, agent_id) select a.id || '-c' || k, a.id from agents a, generate_series(0, 19) k");
                c.createStatement().execute("create table plain_wagers (like wagers including all)");
            }
            String single = """
                    \\set a random(0, 49)
                    \\set c random(0, 19)
                    insert into %s (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market)
                    values ('pgb-' || :client_id || '-' || random(), 'a' || lpad(:a::text, 2, '0') || '-c' || :c, 'a' || lpad(:a::text, 2, '0'), 'CHF', 10.00, 2.00, 20.00, 'Bench: winner');
                    """;
            String batch = """
                    \\set a random(0, 49)
                    insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market)
                    select 'pgb-' || :client_id || '-' || random(), 'a' || lpad(((:a + g) % 50)::text, 2, '0') || '-c' || (g % 20),
                           'a' || lpad(((:a + g) % 50)::text, 2, '0'), 'CHF', 10.00, 2.00, 20.00, 'Bench: winner'
                    from generate_series(1, 10) g;
                    """;
            for (String n : clients) {
                rows.add(run(node.db, "plain insert into a copy of wagers (no trigger)", single.formatted("plain_wagers"), 1, n, seconds));
                rows.add(run(node.db, "wager through its trigger, 1 per transaction", single.formatted("wagers"), 1, n, seconds));
                rows.add(run(node.db, "wagers through the trigger, 10 per transaction", batch, 10, n, seconds));
            }
        }
        System.out.printf(Locale.ROOT, "%n| pgbench, %d s each, %d cores, a node running with no viewers | clients | transactions/s | wagers/s | latency average |%n|---|---|---|---|---|%n",
                seconds, Runtime.getRuntime().availableProcessors());
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(String db, String name, String script, int perTransaction, String clients, int seconds) throws Exception {
        // pgbench reads a meta-command (\set) per line and an SQL command up to its semicolon.
        Path file = Files.createTempFile("wager-ceiling", ".sql");
        Files.writeString(file, script.lines().map(String::strip).reduce("", (a, l) -> l.startsWith("\\") ? a + l + "\n" : a + l + " ") + "\n");
        var p = new ProcessBuilder("pgbench", "-h", env("PGHOST", "127.0.0.1"), "-p", env("PGPORT", "5432"), "-U", env("PGUSER", "postgres"),
                "-n", "-f", file.toString(), "-c", clients, "-j", clients, "-T", Integer.toString(seconds), db).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Files.deleteIfExists(file);
        var tps = TPS.matcher(out);
        var latency = LATENCY.matcher(out);
        if (p.waitFor() != 0 || !tps.find() || !latency.find()) {
            throw new IllegalStateException("pgbench failed for " + name + ":\n" + out);
        }
        double perSecond = Double.parseDouble(tps.group(1));
        System.err.printf(Locale.ROOT, "%s, %s clients: %.0f transactions/s%n", name, clients, perSecond);
        return String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s ms |", name, clients, perSecond, perSecond * perTransaction, latency.group(1));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
