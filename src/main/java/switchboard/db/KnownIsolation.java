package switchboard.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as jOOQ sees it: every connection answers {@link Connection#getTransactionIsolation()}
 * from the level it was last set to (the pool sets READ COMMITTED on each new connection, and
 * resets a changed one when it comes back), instead of asking the server.
 *
 * <p>Why: jOOQ 3.21's {@code DefaultTransactionProvider} reads the isolation level at the start
 * of every transaction, even when it does not change it, and pgjdbc answers that read with a
 * {@code SHOW TRANSACTION ISOLATION LEVEL} round trip. That was the sixth exchange with
 * PostgreSQL of every single ingest event (seen with strace: one SHOW before every BEGIN), a
 * round trip in which the database does nothing useful. A {@code SET TRANSACTION ...} statement
 * inside a transaction changes only that transaction, after jOOQ's read, so it is unaffected.
 */
final class KnownIsolation implements DataSource {
    private final DataSource pool;
    private final int defaultLevel;

    KnownIsolation(DataSource pool, int defaultLevel) {
        this.pool = pool;
        this.defaultLevel = defaultLevel;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(pool.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(connection, defaultLevel));
    }

    private static final class Handler implements InvocationHandler {
        private final Connection connection;
        private int level;

        Handler(Connection connection, int level) {
            this.connection = connection;
            this.level = level;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getTransactionIsolation" -> {
                    if (connection.isClosed()) {
                        throw new SQLException("connection is closed", "08003");
                    }
                    return level;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "KnownIsolation(" + connection + ")";
                }
                default -> {
                }
            }
            try {
                Object result = method.invoke(connection, args);
                if (method.getName().equals("setTransactionIsolation")) {
                    level = (Integer) args[0];
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
