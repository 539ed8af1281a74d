package switchboard.live;

/** This node cannot serve a stream right now (the database or the pool is short); the page should retry soon. */
public final class LiveUnavailableException extends RuntimeException {
    LiveUnavailableException(String message) {
        super(message);
    }
}
