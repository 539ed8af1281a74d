package switchboard.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node under test: a fresh database of its own and the node's jar started on it, in its own JVM. */
final class BenchNode implements AutoCloseable {
    final String dbUrl;
    final int port;
    final Process server;
    private final String db;

    private BenchNode(String db, String dbUrl, int port, Process server) {
        this.db = db;
        this.dbUrl = dbUrl;
        this.port = port;
        this.server = server;
    }

    /** {@code tag} tells the benchmarks' databases apart; ports are spread by pid so parallel runs do not collide. */
    static BenchNode start(Path jar, String tag, int portBase, int portSpread, Map<String, String> env) throws Exception {
        long pid = ProcessHandle.current().pid();
        String db = "sbbench_" + tag + pid;
        String dbUrl = SseFanout.ADMIN.replaceFirst("/postgres(\\?|$)", "/" + db + "$1");
        SseFanout.admin("create database " + db);
        int port = portBase + (int) (pid % portSpread);
        try {
            return new BenchNode(db, dbUrl, port, SseFanout.startServer(jar, dbUrl, port, env));
        } catch (Exception e) {
            SseFanout.admin("drop database if exists " + db + " with (force)");
            throw e;
        }
    }

    long cpuMillis() throws java.io.IOException {
        return SseFanout.cpuMillis(server.pid());
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        server.destroyForcibly();
        SseFanout.admin("drop database if exists " + db + " with (force)");
    }
}
