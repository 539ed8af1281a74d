package switchboard.live;

import java.util.List;
import java.util.function.Predicate;

/**
 * A part of a page that a topic's changes redraw; its name is the SSE event name the page's
 * {@code sse-swap} listens for. A SNAPSHOT region is redrawn whole from current state, so a
 * backlog of changes collapses into one render; an APPEND region renders each change as an
 * item to add, and items are kept, several possibly sent in one event.
 */
public record Region(String event, Mode mode, Predicate<Change> affectedBy, Renderer renderer) {

    public enum Mode { SNAPSHOT, APPEND }

    /** Draws the region's HTML; for a snapshot {@code changes} holds only the latest change, or none on a resync. */
    @FunctionalInterface
    public interface Renderer {
        String render(Topic topic, List<Change> changes);
    }

    public static Region snapshot(String event, Renderer renderer) {
        return new Region(event, Mode.SNAPSHOT, change -> true, renderer);
    }

    public static Region append(String event, Predicate<Change> affectedBy, Renderer renderer) {
        return new Region(event, Mode.APPEND, affectedBy, renderer);
    }
}
