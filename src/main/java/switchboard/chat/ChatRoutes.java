package switchboard.chat;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.web.Routes;
import switchboard.web.Templates;

/** The chat pages and what a thread's owner and members change about it. */
public final class ChatRoutes {
    private final ThreadStore threads;
    private final MessageStore messages;
    private final Templates templates;
    private final ChangeFeed feed;
    private final Auth auth;

    ChatRoutes(ThreadStore threads, MessageStore messages, Templates templates, ChangeFeed feed, Auth auth) {
        this.threads = threads;
        this.messages = messages;
        this.templates = templates;
        this.feed = feed;
        this.auth = auth;
    }

    /** The chat page: the member's list, and the open thread if any (with its page of messages). */
    public record ChatPage(long me, Chat.ThreadList list, ThreadStore.ThreadInfo open, List<Message> messages, boolean more,
                           List<ThreadStore.Member> members, String draft, String error, String query, List<ThreadStore.Hit> found, String liveUrl) {
        public boolean owner() {
            return open != null && open.ownerId() == me;
        }

        public long oldest() {
            return messages.isEmpty() ? 0 : messages.getFirst().id();
        }
    }

    void register(Routes routes) {
        routes.get("/chat", Access.MEMBER, ctx -> page(ctx, null, null))
                .post("/chat/threads", Access.MEMBER, this::create)
                .get("/chat/{id}", Access.MEMBER, ctx -> page(ctx, thread(ctx), null))
                .post("/chat/{id}/title", Access.MEMBER, this::rename)
                .post("/chat/{id}/members", Access.MEMBER, this::addMember)
                .post("/chat/{id}/members/{user}/removal", Access.MEMBER, this::removeMember)
                .post("/chat/{id}/deletion", Access.MEMBER, this::delete)
                .post("/chat/{id}/pin", Access.MEMBER, this::pin)
                .post("/chat/{id}/read", Access.MEMBER, this::read);
    }

    private void page(Context ctx, ThreadStore.ThreadInfo open, String error) {
        long since = feed.head();
        long me = me(ctx).id();
        if (open != null) {
            threads.markRead(open.id(), me);
        }
        var list = threads.listFor(me);
        long before = ctx.queryParam("before") == null ? Long.MAX_VALUE : number(ctx.queryParam("before"), "before");
        List<Message> page = open == null ? List.of() : messages.page(open.id(), before);
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (query.length() > 200) {
            throw new BadRequestResponse("A search is at most 200 characters.");
        }
        var found = query.isEmpty() ? List.<ThreadStore.Hit>of() : threads.search(me, query);
        var topics = new ArrayList<String>();
        topics.add("inbox:" + me);
        if (open != null) {
            topics.add("thread:" + open.id());
        }
        // /live takes up to 32 topics: the most recent threads' lines stay live.
        list.stream().limit(30).forEach(t -> topics.add("threadsum:" + t.id()));
        templates.page(ctx, "chat/chat.jte", new ChatPage(me, new Chat.ThreadList(list, open == null ? -1 : open.id()), open, page,
                page.size() == MessageStore.PAGE, open == null ? List.of() : threads.members(open.id()),
                open == null ? "" : messages.draft(open.id(), me), error, query, found,
                "/live?topics=" + String.join(",", topics) + "&since=" + since));
    }

    private void create(Context ctx) {
        String title = title(ctx);
        var missing = new ArrayList<String>();
        var names = Arrays.stream(String.valueOf(ctx.formParam("members")).split("[,\\s]+"))
                .map(s -> s.strip().toLowerCase()).filter(s -> !s.isEmpty() && !s.equals("null")).distinct().toList();
        if (names.size() > 1000) {
            throw new BadRequestResponse("A thread starts with at most 1,000 members; add more later.");
        }
        var ids = threads.people(names, missing);
        if (!missing.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, null, "No active member is called " + String.join(", ", missing) + ". Check the usernames.");
            return;
        }
        long id = threads.create(title, me(ctx).id(), ids);
        ctx.redirect("/chat/" + id, HttpStatus.SEE_OTHER);
    }

    private void rename(Context ctx) {
        var thread = owned(ctx);
        threads.rename(thread.id(), title(ctx));
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void addMember(Context ctx) {
        var thread = owned(ctx);
        var missing = new ArrayList<String>();
        String name = String.valueOf(ctx.formParam("username")).strip().toLowerCase();
        var ids = threads.people(List.of(name), missing);
        if (ids.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, thread, "No active member is called '" + name + "'.");
            return;
        }
        threads.addMember(thread.id(), ids.getFirst());
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void removeMember(Context ctx) {
        var thread = owned(ctx);
        long user = number(ctx.pathParam("user"), "user");
        if (user == thread.ownerId()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, thread, "The owner stays in the thread; delete the thread instead.");
            return;
        }
        threads.removeMember(thread.id(), user);
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        threads.delete(owned(ctx).id());
        ctx.redirect("/chat", HttpStatus.SEE_OTHER);
    }

    private void pin(Context ctx) {
        var thread = thread(ctx);
        threads.setPinned(thread.id(), me(ctx).id(), "true".equals(ctx.formParam("pinned")));
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void read(Context ctx) {
        threads.markRead(thread(ctx).id(), me(ctx).id());
        ctx.status(204);
    }

    private String title(Context ctx) {
        String title = String.valueOf(ctx.formParam("title")).strip();
        if (title.isEmpty() || title.equals("null") || title.length() > 120) {
            throw new BadRequestResponse("A thread's title is 1 to 120 characters.");
        }
        return title;
    }

    private User me(Context ctx) {
        return auth.user(ctx).orElseThrow();
    }

    /** The thread in the path, if the caller is a member: 404 when there is none, 403 when not theirs. */
    ThreadStore.ThreadInfo thread(Context ctx) {
        return ChatAccess.thread(ctx, threads, me(ctx).id());
    }

    private ThreadStore.ThreadInfo owned(Context ctx) {
        var thread = thread(ctx);
        if (thread.ownerId() != me(ctx).id()) {
            throw new ForbiddenResponse("Only the thread's owner may do this.");
        }
        return thread;
    }

    static long number(String raw, String what) {
        if (raw == null || !Chat.ID.matcher(raw).matches()) {
            throw new BadRequestResponse("The " + what + " must be a number.");
        }
        return Long.parseLong(raw);
    }

    static NotFoundResponse noThread(long id) {
        return new NotFoundResponse("There is no thread " + id + ". Your threads are listed at /chat.");
    }
}
