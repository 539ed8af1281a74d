package switchboard.chat;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import switchboard.web.Input;

/** Who may see a thread: its members. Everyone else gets 403 (404 when there is no such thread). */
final class ChatAccess {
    private ChatAccess() {
    }

    static ThreadInfo thread(Context ctx, ThreadStore threads, long userId) {
        long id = Input.number(ctx.pathParam("id"), "thread id");
        var thread = threads.find(id).orElseThrow(() -> ChatRoutes.noThread(id));
        if (!threads.isMember(id, userId)) {
            throw new ForbiddenResponse("You are not a member of this thread. Ask its owner to add you.");
        }
        return thread;
    }
}
