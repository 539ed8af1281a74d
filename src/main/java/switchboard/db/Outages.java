package switchboard.db;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure that means "PostgreSQL cannot be reached right now" (restarting, a connection
 * cut or terminated, the pool exhausted) from every other failure. Such a request is answered
 * 503 with Retry-After rather than 500: nothing is wrong with it, and trying again soon works.
 */
public final class Outages {
    private Outages() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SocketException || t instanceof EOFException) {
                return true;
            }
            if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure says a connection of the pool is dead (the server restarted, the
     * network was cut), so its idle siblings likely are too. Unlike {@link #isOutage}, a pool
     * that was merely busy (HikariCP's timeout, with no failed connection attempt behind it)
     * is not: evicting healthy connections then would make every waiter reconnect at once.
     */
    public static boolean isDeadConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof SQLNonTransientConnectionException || t instanceof SocketException || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message: what actually failed, for logs and people. */
    public static String rootMessage(Throwable failure) {
        return rootCause(failure).getMessage();
    }

    /** The innermost cause of a failure. */
    public static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** 08: connection exceptions; 57P01-03: the server is shutting down or starting; 53: out of resources. */
    private static boolean isOutageState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
    }
}
