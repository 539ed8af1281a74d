package switchboard.db;

/**
 * What the request on this thread has committed so far. An answer that fails after a commit (the
 * database went away before the page could be drawn) must not say "nothing was saved": the person,
 * or a client following that advice, would send the change again. The database's jOOQ transaction
 * listener keeps it, so it sees the writes a request makes in a transaction (every form's save,
 * chat's post); single bookkeeping statements outside one (a session's expiry sliding on, a rate
 * limit's count) are not changes a person made and do not count. A request starts at
 * {@link State#NONE}.
 */
public final class Commits {
    /** Nothing committed; a commit began and its outcome is unknown (the connection died in it); a commit succeeded. */
    public enum State { NONE, UNCERTAIN, DONE }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(() -> State.NONE);

    private Commits() {
    }

    /** A new request: nothing committed yet. */
    public static void forget() {
        STATE.remove();
    }

    public static State state() {
        return STATE.get();
    }

    static void committing() {
        if (STATE.get() == State.NONE) {
            STATE.set(State.UNCERTAIN);
        }
    }

    static void committed() {
        STATE.set(State.DONE);
    }
}
