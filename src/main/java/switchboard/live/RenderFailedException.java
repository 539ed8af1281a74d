package switchboard.live;

import java.util.Set;

/**
 * Regions of these topics could not be rendered (the database is restarting, a pooled
 * connection died, the pool is exhausted, or a renderer has a bug). Nobody may be moved past
 * the changes that needed them: the listener retries the batch, a replay answers 503 or
 * closes its stream so the page resumes from what it really has.
 */
public final class RenderFailedException extends RuntimeException {
    private final Set<Topic> topics;

    RenderFailedException(Set<Topic> topics, Throwable cause) {
        super("rendering failed for " + topics + ": " + (cause == null ? "?" : Frames.rootMessage(cause)), cause);
        this.topics = Set.copyOf(topics);
    }

    public Set<Topic> topics() {
        return topics;
    }
}
