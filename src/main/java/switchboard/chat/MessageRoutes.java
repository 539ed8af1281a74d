package switchboard.chat;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.web.Chrome;
import switchboard.web.Routes;
import switchboard.web.Templates;

/**
 * Messages of a thread: post (with an optional file), edit, delete, older pages, the draft,
 * the typing mark, and attachment downloads. Every route answers htmx with a fragment and a
 * plain form post with a redirect, so the chat works without JavaScript.
 */
public final class MessageRoutes {
    static final int MAX_FILE = 10 * 1024 * 1024;
    static final int MAX_TEXT = 4000;

    private final ThreadStore threads;
    private final MessageStore messages;
    private final Templates templates;
    private final Auth auth;

    MessageRoutes(ThreadStore threads, MessageStore messages, Templates templates, Auth auth) {
        this.threads = threads;
        this.messages = messages;
        this.templates = templates;
        this.auth = auth;
    }

    /** Older messages and the marker that loads the page before them. */
    public record OlderPage(long threadId, List<Message> messages, boolean more, long me, String csrf) {
    }

    /** One message as its author's own page shows it. */
    public record Shown(Message message, long me, String csrf) {
    }

    void register(Routes routes) {
        routes.post("/chat/{id}/messages", Access.MEMBER, this::post)
                .get("/chat/{id}/messages", Access.MEMBER, this::older)
                .post("/chat/{id}/messages/{message}", Access.MEMBER, this::edit)
                .post("/chat/{id}/messages/{message}/deletion", Access.MEMBER, this::delete)
                .put("/chat/{id}/draft", Access.MEMBER, this::draft)
                .post("/chat/{id}/typing", Access.MEMBER, this::typing)
                .get("/chat/{id}/attachments/{file}", Access.MEMBER, this::download);
    }

    private void post(Context ctx) {
        var thread = thread(ctx);
        long me = me(ctx);
        MessageStore.Upload upload = upload(ctx);
        String body = text(ctx, upload != null);
        long id = messages.post(thread.id(), me, body, upload).orElseThrow(() -> ChatRoutes.noThread(thread.id()));
        if (htmx(ctx)) {
            templates.fragment(ctx, "chat/message.jte", new Shown(messages.byIds(List.of(id)).getFirst(), me, Chrome.current(ctx).csrfToken()));
        } else {
            ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
        }
    }

    private void older(Context ctx) {
        var thread = thread(ctx);
        long before = ChatRoutes.number(ctx.queryParam("before"), "before");
        var page = messages.page(thread.id(), before);
        templates.fragment(ctx, "chat/older.jte", new OlderPage(thread.id(), page, page.size() == MessageStore.PAGE, me(ctx), Chrome.current(ctx).csrfToken()));
    }

    private void edit(Context ctx) {
        var thread = thread(ctx);
        long id = ChatRoutes.number(ctx.pathParam("message"), "message id");
        if (!messages.edit(thread.id(), id, me(ctx), text(ctx, false))) {
            throw new NotFoundResponse("You can edit only your own messages that are not deleted.");
        }
        answer(ctx, thread.id(), id);
    }

    private void delete(Context ctx) {
        var thread = thread(ctx);
        long id = ChatRoutes.number(ctx.pathParam("message"), "message id");
        if (!messages.delete(thread.id(), id, me(ctx))) {
            throw new NotFoundResponse("You can delete only your own messages that are not deleted yet.");
        }
        answer(ctx, thread.id(), id);
    }

    private void answer(Context ctx, long threadId, long messageId) {
        if (htmx(ctx)) {
            templates.fragment(ctx, "chat/message.jte", new Shown(messages.byIds(List.of(messageId)).getFirst(), me(ctx), Chrome.current(ctx).csrfToken()));
        } else {
            ctx.redirect("/chat/" + threadId, HttpStatus.SEE_OTHER);
        }
    }

    private void draft(Context ctx) {
        var thread = thread(ctx);
        String body = ctx.formParam("body") == null ? "" : ctx.formParam("body");
        if (body.length() > MAX_TEXT) {
            throw new BadRequestResponse("A draft is at most " + MAX_TEXT + " characters.");
        }
        messages.saveDraft(thread.id(), me(ctx), body);
        ctx.status(204);
    }

    private void typing(Context ctx) {
        var thread = thread(ctx);
        var user = auth.user(ctx).orElseThrow();
        messages.typing(thread.id(), user.id(), user.displayName());
        ctx.status(204);
    }

    private void download(Context ctx) {
        var thread = thread(ctx);
        long id = ChatRoutes.number(ctx.pathParam("file"), "file id");
        var file = messages.file(thread.id(), id).orElseThrow(() -> new NotFoundResponse("There is no such file in this thread."));
        boolean image = file.contentType().startsWith("image/");
        String name = file.filename().replaceAll("[^A-Za-z0-9._ -]", "_");
        ctx.contentType(file.contentType())
                .header("Content-Disposition", (image ? "inline" : "attachment") + "; filename=\"" + name + "\"")
                .header("Cache-Control", "private, max-age=3600")
                .result(file.data());
    }

    private MessageStore.Upload upload(Context ctx) {
        if (ctx.contentType() == null || !ctx.contentType().startsWith("multipart/")) {
            return null;
        }
        var file = ctx.uploadedFile("file");
        if (file == null || file.size() == 0) {
            return null;
        }
        if (file.size() > MAX_FILE) {
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), "Files are at most 10 MB; this one is "
                    + (file.size() / (1024 * 1024)) + " MB.");
        }
        try (var in = file.content()) {
            byte[] data = in.readAllBytes();
            String filename = file.filename() == null || file.filename().isBlank() ? "file" : file.filename().strip();
            return new MessageStore.Upload(filename.length() > 200 ? filename.substring(0, 200) : filename, ContentSniffer.detect(data), data);
        } catch (IOException e) {
            throw new BadRequestResponse("The file could not be read; send it again.");
        }
    }

    private static String text(Context ctx, boolean mayBeEmpty) {
        String body = ctx.formParam("body") == null ? "" : ctx.formParam("body").strip();
        if (body.isEmpty() && mayBeEmpty) {
            return "📎";
        }
        if (body.isEmpty() || body.length() > MAX_TEXT) {
            throw new BadRequestResponse("A message is 1 to " + MAX_TEXT + " characters.");
        }
        return body;
    }

    private static boolean htmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    private ThreadStore.ThreadInfo thread(Context ctx) {
        return ChatAccess.thread(ctx, threads, me(ctx));
    }

    private long me(Context ctx) {
        return auth.user(ctx).orElseThrow().id();
    }
}
