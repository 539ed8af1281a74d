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
}
