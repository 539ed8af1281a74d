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

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Switchboard cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedDatabase embedded = null;
        DatabaseUrl url;
        try {
            if (config.databaseUrl().isPresent()) {
                url = DatabaseUrl.parse(config.databaseUrl().get());
            } else {
                embedded = EmbeddedDatabase.start(config.dataDir());
                url = embedded.url();
            }
            log.info("Using PostgreSQL at {}", url.display());
            if (args.length == 2 && args[0].equals("create-admin")) {
                createAdmin(url, args[1]);
                return;
            }
            var node = Switchboard.start(config, url, List.of());
            List<String> demo = embedded != null || List.of(args).contains("--demo")
                    ? DemoAccounts.ensure(node.auth(), config.publicUrl().isEmpty() ? "http://localhost:" + node.port() : config.publicUrl(),
                            config.dataDir().resolve("demo-accounts.txt"))
                    : List.of();
            EmbeddedDatabase db = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // SIGTERM or Ctrl+C: a bounded, graceful stop (see Switchboard.drain).
                node.drain(java.time.Duration.ofSeconds(10));
                if (db != null) {
                    db.close();
                }
            }, "shutdown"));
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
            log.error("Switchboard cannot start: {}", e.getMessage(), e);
            if (embedded != null) {
                embedded.close();
            }
            System.exit(1);
        }
    }
}
