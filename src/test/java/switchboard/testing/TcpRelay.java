package switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between a node and PostgreSQL that a test can cut: {@link #cut()} drops every
 * connection through it and refuses new ones until {@link #restore()}, which is what a node
 * sees when its database restarts or the network to it fails. {@link #freeze()} instead keeps
 * every connection open and passes nothing either way until {@link #thaw()}: a node that hangs,
 * or a network that drops packets without a reset, as a browser in front of it sees it.
 */
public final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    private volatile boolean closed;
    private final Object thawed = new Object();
    private volatile boolean frozen;

    public TcpRelay(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every relayed connection; new ones are closed at once until {@link #restore()}. */
    public void cut() {
        up = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    public void restore() {
        up = true;
    }

    /** Holds every byte, both ways, on every connection, old and new; nothing is closed. */
    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        synchronized (thawed) {
            frozen = false;
            thawed.notifyAll();
        }
    }

    private void awaitThaw() throws IOException {
        synchronized (thawed) {
            while (frozen && !closed) {
                try {
                    thawed.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while frozen", e);
                }
            }
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (!up) {
                closeQuietly(client);
                continue;
            }
            Socket accepted = client;
            Thread.ofVirtual().start(() -> {
                try {
                    awaitThaw();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(accepted);
                    open.add(upstream);
                    Thread.ofVirtual().start(() -> pump(accepted, upstream));
                    Thread.ofVirtual().start(() -> pump(upstream, accepted));
                } catch (IOException e) {
                    closeQuietly(accepted);
                }
            });
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitThaw();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: end both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        thaw();
        cut();
        closeQuietly(server);
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
