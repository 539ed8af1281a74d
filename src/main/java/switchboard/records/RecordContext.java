package switchboard.records;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Arrays;
import java.util.List;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.live.Topic;
import switchboard.web.Input;
import switchboard.web.Templates;

/** What the records routes share: the stores, the templates, and who is asking. */
record RecordContext(RecordStore store, AuditStore audit, CountStore counts, NotificationStore notifications, WorkflowStore workflow,
        Templates templates, ChangeFeed feed, Auth auth, Records records) {

    User user(Context ctx) {
        return auth.user(ctx).orElseThrow();
    }

    Actor actor(Context ctx) {
        User user = user(ctx);
        return new Actor(user.id(), user.displayName());
    }

    Nav nav(Context ctx, String current) {
        Role role = user(ctx).role();
        List<Kind> kinds = Arrays.stream(Kind.values()).filter(k -> Records.mayWork(role, k)).toList();
        return new Nav(kinds, current);
    }

    /** The page's stream: its own topics and the account's bell. */
    String liveUrl(Context ctx, long since, Topic topic) {
        return StreamUrl.of(since, topic, Records.bell(user(ctx).id()));
    }

    long id(Context ctx) {
        return Input.number(ctx.pathParam("id"), "record number");
    }

    /** The record, deleted or not; 404 when there is none. */
    Row row(Kind kind, long id) {
        return store.find(kind, id).orElseThrow(() -> missing(kind, id));
    }

    private static NotFoundResponse missing(Kind kind, long id) {
        return new NotFoundResponse("There is no " + kind.noun() + " #" + id + ". See /records/" + kind.slug() + ".");
    }

    /**
     * The version of the record that the form acting on it (delete, restore, purge, a workflow
     * step) was sent from. It is required, and the store makes it part of the statement: a record
     * changed since is a 409, never deleted or moved unseen (an outside review: a stale trash page
     * purged a task someone had just restored and edited, and a delete racing a save won both).
     * A missing record is a 404 before the version is asked for.
     */
    int shownVersion(Context ctx, Kind kind, long id) {
        row(kind, id);
        String sent = ctx.formParam("version");
        if (sent == null || sent.isBlank()) {
            throw new BadRequestResponse("Reload the page and try again: the form did not say which version you saw.");
        }
        long shown = Input.number(sent, "version");
        if (shown > Integer.MAX_VALUE) {
            throw changedSince(kind, id);
        }
        return (int) shown;
    }

    /** What a stale action answers: who changed the record, and what to do. */
    ConflictResponse changedSince(Kind kind, long id) {
        return new ConflictResponse("This " + kind.noun() + " was changed since your page showed it (by "
                + audit.lastBy(kind, id).orElse("someone") + "). Open it again to see what changed, then decide.");
    }

    /** The 409 or 404 of an action that was not done; {@code refused} says why its state does not allow it. */
    void require(Acted acted, Kind kind, long id, String refused) {
        switch (acted.outcome()) {
            case DONE -> { }
            case STALE -> throw changedSince(kind, id);
            case REFUSED -> throw new ConflictResponse(refused);
            case GONE -> throw missing(kind, id);
        }
    }
}
