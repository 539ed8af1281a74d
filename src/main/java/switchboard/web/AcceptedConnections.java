package switchboard.web;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connection the web server accepted, until it closes, so that none outlives the server.
 *
 * <p>Jetty 12.1 stops its selectors without waiting for its acceptors: a connection accepted
 * while the server stops is handed to a selector that no longer runs, and stays open with its
 * request unread, and a page whose stream reconnected at that moment would wait for an answer
 * that never comes. After the stop, whatever is still open is closed here, and a connection
 * accepted later still is closed at once, so the page sees the connection end and reconnects
 * to another node.
 */
public final class AcceptedConnections implements SelectorManager.AcceptListener {
    private static final Logger log = LoggerFactory.getLogger(AcceptedConnections.class);

    private final Set<SelectableChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile int prunedAt = 1024;


    /** Follows the connections of every server connector of {@code server}; call before it starts. */
    public void watch(Server server) {
        for (var connector : server.getConnectors()) {
            if (connector instanceof ServerConnector sc) {
                sc.getSelectorManager().addEventListener(this);
            }
        }
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        if (stopped) {
            close(channel);
            return;
        }
        open.add(channel);
        if (stopped) {
            // closeRemaining ran between the check and the add
            close(channel);
        }
        pruneNowAndThen();
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        open.remove(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        open.remove(channel);
    }

    /** After the server stopped: closes what it left open; returns how many. */
    public int closeRemaining() {
        stopped = true;
        int closed = 0;
        for (SelectableChannel channel : open) {
            if (channel.isOpen()) {
                close(channel);
                closed++;
            }
            open.remove(channel);
        }
        if (closed > 0) {
            log.info("Closed {} connection(s) the web server accepted while stopping and left open", closed);
        }
        return closed;
    }

    /** A close the selector never reported must not keep its channel here for the server's life. */
    private void pruneNowAndThen() {
        if (open.size() < prunedAt) {
            return;
        }
        synchronized (this) {
            if (open.size() >= prunedAt) {
                open.removeIf(c -> !c.isOpen());
                prunedAt = Math.max(1024, open.size() * 2);
            }
        }
    }

    private static void close(SelectableChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway: nothing more to do for a connection of a stopped server
        }
    }
}
