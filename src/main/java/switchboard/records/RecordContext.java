package switchboard.records;

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
        return store.find(kind, id).orElseThrow(() -> new NotFoundResponse("There is no " + kind.noun() + " #" + id + ". See /records/" + kind.slug() + "."));
    }

    /**
     * The record, when the form acting on it (delete, restore, purge, a workflow step) was sent
     * from a page that showed its current version; a record changed since is a 409 that says so,
     * instead of deleting or moving what the person did not see (an outside review: a stale page
     * deleted a task someone had just saved, and rejected an application someone had just put in
     * review). A form without a version (the list's Undo, right after one's own deletion) is taken as it is.
     */
    Row rowAsShown(Context ctx, Kind kind, long id) {
        Row row = row(kind, id);
        String sent = ctx.formParam("version");
        if (sent != null && !sent.isBlank()) {
            long shown = switchboard.web.Input.number(sent, "version");
            if (shown != row.version()) {
                throw new io.javalin.http.ConflictResponse("This " + kind.noun() + " was changed since your page showed it (by "
                        + audit.lastBy(kind, id).orElse("someone") + "). Open it again to see what changed, then decide.");
            }
        }
        return row;
    }
}
