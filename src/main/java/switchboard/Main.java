package switchboard;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.auth.DemoAccounts;
import switchboard.auth.Role;
import switchboard.auth.Users;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.db.EmbeddedDatabase;

/** Reads the environment, starts the database if none is configured, and starts the node. */
public final class Main {
    /** From SIGTERM to the process's end at most: the drain's 10 s for requests, then the stop. */
    static final java.time.Duration SHUTDOWN_LIMIT = java.time.Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /**
     * {@code create-admin <username>}: the first admin of a server database. The password comes
     * from SWITCHBOARD_ADMIN_PASSWORD or, when that is unset, from the first line of standard input.
     */
    private static void createAdmin(DatabaseUrl url, String username) throws java.io.IOException {
        String password = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");
        if (password == null) {
            System.out.print("Password for " + username + ": ");
            password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        }
        try (var database = Database.open(url, 2)) {
            new Users(database.sql()).create(username, username, password, Role.ADMIN);
            System.out.println("Created admin '" + username + "'. Log in at /login.");
        } catch (IllegalArgumentException e) {
            System.err.println("Cannot create the admin: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The count of {@code seed-wagers <count>} or {@code seed-records <count>}, from 1 to {@code max};
     * 0 for a bad one. Read before anything starts: a typo was refused only after the database and
     * the whole node had started (~15 s).
     */
    static int seedCount(String[] args, int max) {
        if (args.length != 2 || !args[1].matches("\\d{1,9}")) {
            return 0;
        }
        int n = Integer.parseInt(args[1]);
        return n <= max ? n : 0;
    }

    /** {@code seed-wagers <count>}: historic wagers over the last day, with a progress bar. */
    private static void seedWagers(Switchboard node, int n) {
        System.out.println("Loading " + n + " historic wagers...");
        node.dashboard().demo().seed(n, 24, switchboard.dashboard.DemoBook.progressBar(n, System.out));
    }

    /** {@code seed-records <n>}: adds n realistic charity records, with a progress bar. */
    private static void seedRecords(DatabaseUrl url, int n) {
        try (var database = Database.open(url, 2)) {
            long started = System.nanoTime();
            switchboard.records.Records.seed(database, n, done -> {
                int width = 40;
                int filled = (int) ((long) done * width / n);
                System.out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + n);
            });
            System.out.printf("%nSeeded %d records in %.1f s.%n", n, (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * {@code database}: only the embedded PostgreSQL, until stopped, for {@code bin/cluster}: its
     * nodes connect with DATABASE_URL, so killing any node leaves the database up.
     * {@code EMBEDDED_DATABASE_PORT} starts it on a given port (bench/faults restarts it there).
     */
    private static void runDatabase(Config config) {
        int port = Integer.parseInt(System.getenv().getOrDefault("EMBEDDED_DATABASE_PORT", "0"));
        var embedded = EmbeddedDatabase.start(config.dataDir(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "shutdown"));
        System.out.println("DATABASE_URL=" + embedded.url().jdbcUrl());
        System.out.flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Switchboard cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean seedingWagers = args.length > 0 && args[0].equals("seed-wagers");
        if (seedingWagers && seedCount(args, 100_000_000) == 0) {
            System.err.println("seed-wagers takes a count from 1 to 100000000, not '" + String.join(" ", List.of(args).subList(1, args.length)) + "'.");
            System.exit(2);
            return;
        }
        boolean seedingRecords = args.length > 0 && args[0].equals("seed-records");
        if (seedingRecords && seedCount(args, 9_999_999) == 0) {
            // Checked before the database starts; without a count it used to start the whole app instead.
            System.err.println("seed-records takes a number of records from 1 to 9999999, not '" + String.join(" ", List.of(args).subList(1, args.length)) + "'.");
            System.exit(2);
            return;
        }
        if (args.length == 1 && args[0].equals("database")) {
            runDatabase(config);
            return;
        }
        EmbeddedDatabase embedded = null;
        var serving = new java.util.concurrent.atomic.AtomicReference<Switchboard>();
        var stopping = new java.util.concurrent.atomic.AtomicBoolean();
        DatabaseUrl url;
        try {
            if (config.databaseUrl().isPresent()) {
                url = DatabaseUrl.parse(config.databaseUrl().get());
            } else {
                embedded = EmbeddedDatabase.start(config.dataDir());
                url = embedded.url();
            }
            log.info("Using PostgreSQL at {}", url.display());
            // One hook stops everything, in order: the node drains, then the embedded database
            // stops. (Embedded PostgreSQL's own hook, which ran beside this one, stopped the
            // database under a draining node: its jobs and requests failed with 57P01.)
            EmbeddedDatabase db = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping.set(true);
                stop(serving.get(), db, config.drainNotice());
            }, "shutdown"));
            if (args.length == 2 && args[0].equals("create-admin")) {
                createAdmin(url, args[1]);
                return;
            }
            if (seedingRecords) {
                seedRecords(url, seedCount(args, 9_999_999));
                return;
            }
            boolean demoData = embedded != null || List.of(args).contains("--demo");
            // Not ready (/health/ready 503) until the demo accounts and data exist.
            var node = Switchboard.start(config, url, List.of(), demoData && !seedingWagers ? "loading the demo accounts and data" : null);
            // Stopped while the demo data loads, the node drains too (before, it ran on without its database).
            serving.set(node);
            if (seedingWagers) {
                seedWagers(node, seedCount(args, 100_000_000));
                serving.set(null);
                node.close();
                if (embedded != null) {
                    embedded.close();
                }
                return;
            }
            List<String> demo = new java.util.ArrayList<>(demoData
                    ? DemoAccounts.ensure(node.auth(), config.publicUrl().isEmpty() ? "http://localhost:" + node.port() : config.publicUrl(),
                            config.dataDir().resolve("demo-accounts.txt"))
                    : List.of());
            if (demoData) {
                demo.addAll(node.dashboard().demo().ensure(node.auth(), config.dataDir().resolve("demo-accounts.txt")));
            }
            if (List.of(args).contains("--simulate")) {
                node.dashboard().demo().simulate(java.time.Duration.ofMillis(400));
                System.out.println("Simulating wagers: the dashboard at /dashboard moves on its own.");
            }
            if (!demo.isEmpty() && switchboard.records.Records.isEmpty(node.database())) {
                // A newcomer sees a living panel: a few hundred records once, after the demo accounts exist.
                switchboard.records.Records.seed(node.database(), 400, done -> { });
            }
            node.ready();
            System.out.println();
            System.out.println("Switchboard is running: open http://localhost:" + node.port() + "/");
            if (embedded != null) {
                System.out.println("Data (embedded PostgreSQL): " + embedded.directory());
            }
            if (!demo.isEmpty()) {
                System.out.println("Demo accounts (log in at /login):");
                demo.forEach(System.out::println);
            }
            System.out.println("Stop it with Ctrl+C.");
        } catch (RuntimeException | java.io.IOException e) {
            if (stopping.get()) {
                // SIGTERM or Ctrl+C before the start finished: what failed was cut off by the stop.
                log.info("Switchboard was stopped before it finished starting; start it again to finish.");
                log.debug("What the stop cut off", e);
                return;
            }
            log.error("Switchboard cannot start: {}", e.getMessage(), e);
            if (embedded != null) {
                embedded.close();
            }
            System.exit(1);
        }
    }

    /**
     * SIGTERM or Ctrl+C: a bounded, graceful stop of the serving node, if any (see
     * {@link Switchboard#drain}), then of the embedded database, if any. Bounded for real: a node
     * under a reconnect storm once took 48 to 88 s to stop (the web server's stop timed out, then
     * the rest waited on a saturated machine), so past a hard limit the process ends without
     * waiting for the rest.
     */
    private static void stop(Switchboard node, EmbeddedDatabase db, java.time.Duration notice) {
        Thread.ofPlatform().daemon().name("shutdown-limit").start(() -> {
            try {
                Thread.sleep(SHUTDOWN_LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Switchboard did not stop within " + SHUTDOWN_LIMIT.toSeconds() + " s of SIGTERM; exiting now. Pages reconnect to the other nodes and replay.");
            Runtime.getRuntime().halt(1);
        });
        if (node != null) {
            node.drain(java.time.Duration.ofSeconds(10), notice);
        }
        if (db != null) {
            db.close();
        }
    }
}
