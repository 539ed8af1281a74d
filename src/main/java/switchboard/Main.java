package switchboard;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import switchboard.db.DatabaseUrl;
import switchboard.db.EmbeddedDatabase;

/** Reads the environment, starts the database if none is configured, and starts the node. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
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
            var node = Switchboard.start(config, url, List.of());
            EmbeddedDatabase db = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                if (db != null) {
                    db.close();
                }
            }, "shutdown"));
            System.out.println();
            System.out.println("Switchboard is running: open http://localhost:" + node.port() + "/");
            if (embedded != null) {
                System.out.println("Data (embedded PostgreSQL): " + embedded.directory());
            }
            System.out.println("Stop it with Ctrl+C.");
        } catch (RuntimeException e) {
            log.error("Switchboard cannot start: {}", e.getMessage(), e);
            if (embedded != null) {
                embedded.close();
            }
            System.exit(1);
        }
    }
}
