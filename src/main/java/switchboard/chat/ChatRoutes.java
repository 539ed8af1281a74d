package switchboard.chat;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.live.ChangeFeed;
import switchboard.live.StreamUrl;
import switchboard.live.Topic;
import switchboard.web.Confirmation;
import switchboard.web.Input;
import switchboard.web.TextInput;
import switchboard.web.Templates;

/** The chat pages and what a thread's owner and members change about it. */
final class ChatRoutes {
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

    void register(Routes routes) {
        routes.get("/chat", Access.MEMBER, ctx -> page(ctx, null, null))
                .post("/chat/threads", Access.MEMBER, this::create)
                // The address a refused "Create thread" form is answered at: reloaded or bookmarked, it is the list.
                .get("/chat/threads", Access.MEMBER, ctx -> ctx.redirect("/chat", HttpStatus.SEE_OTHER))
                .get("/chat/people", Access.MEMBER, this::people)
                .get("/chat/{id}", Access.MEMBER, ctx -> page(ctx, thread(ctx), null))
                .post("/chat/{id}/title", Access.MEMBER, this::rename)
                .post("/chat/{id}/members", Access.MEMBER, this::addMember)
                .post("/chat/{id}/members/{user}/removal", Access.MEMBER, this::removeMember)
                .post("/chat/{id}/deletion", Access.MEMBER, this::delete)
                .post("/chat/{id}/pin", Access.MEMBER, this::pin)
                .post("/chat/{id}/read", Access.MEMBER, this::read);
    }

    private void page(Context ctx, ThreadInfo open, String error) {
        page(ctx, open, error, NewThreadForm.EMPTY);
    }

    private void page(Context ctx, ThreadInfo open, String error, NewThreadForm typed) {
        long me = me(ctx).id();
        long before = Input.number(ctx.queryParam("before"), "before", Long.MAX_VALUE);
        // The messages (an append region) and the seq the stream resumes from come from one
        // snapshot, so a message posted meanwhile is pushed once and never shown twice.
        long around = Input.number(ctx.queryParam("message"), "message", 0);
        var shown = feed.readAtHead(open == null ? List.of() : List.of(Chat.thread(open.id())), tx -> open == null ? List.<Message>of() : around(new MessageStore(tx), open.id(), before, around));
        long since = shown.seq();
        List<Message> page = shown.value();
        boolean jumped = around > 0 && before == Long.MAX_VALUE && !page.isEmpty() && page.getFirst().id() == around;
        if (open != null) {
            threads.markRead(open.id(), me);
        }
        var list = threads.listFor(me);
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (query.length() > 200) {
            throw new BadRequestResponse("A search is at most 200 characters.");
        }
        var found = query.isEmpty() ? List.<SearchHit>of() : threads.search(me, query);
        var topics = new ArrayList<Topic>();
        topics.add(Chat.inbox(me));
        if (open != null) {
            topics.add(Chat.thread(open.id()));
        }
        var threadList = new Chat.ThreadList(list, open == null ? -1 : open.id());
        topics.addAll(threadList.followed());
        templates.page(ctx, "chat/chat.jte", new ChatPage(me, threadList, open, page,
                page.size() == MessageStore.PAGE || jumped, open == null ? List.of() : threads.members(open.id()),
                open == null ? "" : messages.draft(open.id(), me), error, query, found,
                StreamUrl.of(since, topics), jumped && page.size() == MessageStore.AROUND ? around : 0, typed));
    }

    /**
     * The newest page, or (a search hit's link, {@code ?message=}) every message from the hit on
     * when it is older than that page: the hit is on the page, with older ones a scroll above.
     * Past {@link MessageStore#AROUND} newer messages the page stops short of the newest.
     */
    private static List<Message> around(MessageStore store, long threadId, long before, long around) {
        var latest = store.page(threadId, before);
        if (around <= 0 || before != Long.MAX_VALUE || latest.isEmpty() || latest.getFirst().id() <= around) {
            return latest;
        }
        var from = store.from(threadId, around, MessageStore.AROUND);
        return from.isEmpty() || from.getFirst().id() != around ? latest : from;
    }

    /**
     * Who the member may add, as {@code <option>}s for the members field's list: active people
     * whose username or name starts with the last name typed (after the last comma), each
     * offered as the whole field's new value. Without JavaScript the field is plain text.
     */
    private void people(Context ctx) {
        String typed = ctx.queryParam("members") != null ? ctx.queryParam("members") : ctx.queryParam("username");
        typed = typed == null ? "" : typed;
        if (typed.length() > 2000) {
            throw new BadRequestResponse("The members field is at most 2,000 characters.");
        }
        int comma = typed.lastIndexOf(',');
        String head = comma < 0 ? "" : typed.substring(0, comma + 1) + " ";
        String last = typed.substring(comma + 1).strip().toLowerCase();
        var listed = Arrays.stream(typed.substring(0, comma + 1).split("[,\\s]+")).map(String::strip).map(String::toLowerCase).filter(n -> !n.isEmpty()).toList();
        long me = me(ctx).id();
        long thread = Input.number(ctx.queryParam("thread"), "thread", 0);
        if (thread != 0 && !threads.isMember(thread, me)) {
            // Left out of the list are the thread's members: asked for someone else's thread, the
            // list would tell who is in it (an outside review). One answer for "not yours" and "none".
            throw new ForbiddenResponse("You are not a member of thread " + thread + ". Ask its owner to add you.");
        }
        var options = threads.suggest(last, me, thread, 20).stream()
                .filter(p -> !listed.contains(p.value()))
                .map(p -> new PersonOption(head + p.value(), p.label()))
                .toList();
        templates.fragment(ctx, "chat/people.jte", options);
    }

    private void create(Context ctx) {
        var typed = new NewThreadForm(Input.text(ctx, "title"), Input.text(ctx, "members"));
        String problem = titleProblem(typed.title());
        problem = problem != null ? problem : TextInput.controlRefusal("The members field", typed.members(), false);
        if (problem != null) {
            // The form comes back as it was sent, so nothing typed is lost.
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, null, problem, typed);
            return;
        }
        String title = TextInput.visible(typed.title());
        var missing = new ArrayList<String>();
        // Empty names ("grace, , ada", a trailing comma) are no names: the separators run together.
        var names = Arrays.stream(Input.text(ctx, "members").split("[,\\s]+"))
                .map(s -> s.strip().toLowerCase()).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.size() > 1000) {
            throw new BadRequestResponse("A thread starts with at most 1,000 members; add more later.");
        }
        var ids = threads.people(names, missing);
        if (!missing.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, null, "No active member is called " + String.join(", ", missing) + ". Check the usernames.", typed);
            return;
        }
        long id = threads.create(title, me(ctx).id(), ids);
        ctx.redirect("/chat/" + id, HttpStatus.SEE_OTHER);
    }

    private void rename(Context ctx) {
        var thread = owned(ctx);
        String typed = Input.text(ctx, "title");
        String problem = titleProblem(typed);
        if (problem != null) {
            // The thread's page comes back with the message and the title as typed in its Rename field.
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, thread, problem, NewThreadForm.EMPTY.renaming(typed));
            return;
        }
        threads.rename(thread.id(), TextInput.visible(typed));
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void addMember(Context ctx) {
        var thread = owned(ctx);
        var missing = new ArrayList<String>();
        String name = Input.text(ctx, "username").strip().toLowerCase();
        if (name.isEmpty()) {
            throw new BadRequestResponse("Type the username of the member to add.");
        }
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
        long user = Input.number(ctx.pathParam("user"), "user");
        if (!threads.isMember(thread.id(), user)) {
            throw new NotFoundResponse("There is no member " + user + " in this thread; its members are listed under the thread's title.");
        }
        if (user == thread.ownerId()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            page(ctx, thread, "The owner stays in the thread; delete the thread instead.");
            return;
        }
        threads.removeMember(thread.id(), user);
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        var thread = owned(ctx);
        if (!Confirmation.given(ctx)) {
            new Confirmation("Delete “" + thread.title() + "”?", "The thread, all its messages and files go, for every member. This cannot be undone.",
                    "/chat/" + thread.id() + "/deletion", "Delete the thread", "/chat/" + thread.id(), Map.of()).ask(ctx, templates);
            return;
        }
        threads.delete(thread.id());
        ctx.redirect("/chat", HttpStatus.SEE_OTHER);
    }

    private void pin(Context ctx) {
        var thread = thread(ctx);
        String pinned = Input.text(ctx, "pinned");
        if (!pinned.equals("true") && !pinned.equals("false")) {
            // Anything but "true" unpinned before, so a typo or a "yes" did the opposite of what was meant.
            throw new BadRequestResponse("pinned is true (pin the thread) or false (unpin it).");
        }
        threads.setPinned(thread.id(), me(ctx).id(), pinned.equals("true"));
        ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
    }

    private void read(Context ctx) {
        threads.markRead(thread(ctx).id(), me(ctx).id());
        ctx.status(204);
    }

    /** What is wrong with a thread's title as typed (one line of 1 to 120 visible characters), or null. */
    private static String titleProblem(String typed) {
        String control = TextInput.controlRefusal("The title", typed, false);
        if (control != null) {
            return control;
        }
        String title = TextInput.visible(typed);
        return title.isEmpty() || title.length() > 120 ? "A thread's title is 1 to 120 characters." : null;
    }

    private User me(Context ctx) {
        return auth.user(ctx).orElseThrow();
    }

    /** The thread in the path, if the caller is a member: 404 when there is none, 403 when not theirs. */
    ThreadInfo thread(Context ctx) {
        return ChatAccess.thread(ctx, threads, me(ctx).id());
    }

    private ThreadInfo owned(Context ctx) {
        var thread = thread(ctx);
        if (thread.ownerId() != me(ctx).id()) {
            throw new ForbiddenResponse("Only the thread's owner may do this.");
        }
        return thread;
    }

    static NotFoundResponse noThread(long id) {
        return new NotFoundResponse("There is no thread " + id + ". Your threads are listed at /chat.");
    }
}
