package switchboard.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that Switchboard starts for itself when no DATABASE_URL is given, so one
 * command runs the app. Its files live in {@code <dataDir>/postgres} and are reused on the
 * next start; it listens on a free port of the loopback interface only.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    public static EmbeddedDatabase start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** As {@link #start(Path)}, on the given port (0: a free one), e.g. to restart it where its clients expect it. */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path directory = dataDir.resolve("postgres");
        boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
        log.info("{} embedded PostgreSQL in {} ...", fresh ? "Creating" : "Starting", directory);
        try {
            Files.createDirectories(dataDir);
            var builder = EmbeddedPostgres.builder();
            if (port != 0) {
                builder.setPort(port);
            }
            var postgres = builder
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Whoever starts it stops it (Main's one shutdown hook, after the node has
                    // drained); the library's own hook would stop it at the same moment instead.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start();
            log.info("Embedded PostgreSQL is up on port {}", postgres.getPort());
            return new EmbeddedDatabase(postgres, directory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + directory
                    + " (" + e.getMessage() + "). If another Switchboard is running on the same DATA_DIR, stop it or set DATA_DIR;"
                    + " if the directory is damaged, move it away; or set DATABASE_URL to use your own server.", e);
        }
    }

    public DatabaseUrl url() {
        return new DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
