package switchboard.chat;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.web.BodyLimit;
import switchboard.web.Chrome;
import switchboard.web.Confirmation;
import switchboard.web.Input;
import switchboard.web.Templates;
import switchboard.web.TextInput;

/**
 * Messages of a thread: post (with an optional file), edit, delete, older pages, the draft,
 * the typing mark, and attachment downloads. Every route answers htmx with a fragment and a
 * plain form post with a redirect, so the chat works without JavaScript.
 */
final class MessageRoutes {
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

    void register(Routes routes) {
        routes.post("/chat/{id}/messages", Access.MEMBER, this::post)
                .get("/chat/{id}/messages", Access.MEMBER, this::older)
                .get("/chat/{id}/messages/{message}", Access.MEMBER, this::one)
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
        UUID clientId = clientId(ctx);
        long id = messages.post(thread.id(), me, clientId, body, upload).orElseThrow(() -> clientId == null
                ? ChatRoutes.noThread(thread.id())
                : new NotFoundResponse("This message could not be posted here: the thread is gone, you left it, or its id was used in another thread."));
        if (htmx(ctx)) {
            // The sender's copy, with its edit tools. The page puts it in the list by its id
            // (keyed.js), as it puts the pushed copy: whichever comes first makes the element and
            // the other lands on it, so the message shows once by construction.
            ctx.header("X-Message-Id", String.valueOf(id));
            templates.fragment(ctx, "chat/message.jte", new ShownMessage(messages.byIds(List.of(id)).getFirst(), me, Chrome.current(ctx).csrfToken()));
        } else {
            ctx.redirect("/chat/" + thread.id(), HttpStatus.SEE_OTHER);
        }
    }

    /**
     * One message as the caller sees it, with edit tools when it is theirs. The author's page
     * swaps it over the pushed copy (lean, without tools) in place: the same element, by id.
     */
    private void one(Context ctx) {
        var thread = thread(ctx);
        long id = Input.number(ctx.pathParam("message"), "message id");
        var found = messages.byIds(List.of(id)).stream().filter(m -> m.threadId() == thread.id()).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no message " + id + " in this thread."));
        templates.fragment(ctx, "chat/message.jte", new ShownMessage(found, me(ctx), Chrome.current(ctx).csrfToken()));
    }

    private void older(Context ctx) {
        var thread = thread(ctx);
        long before = Input.number(ctx.queryParam("before"), "before");
        var page = messages.page(thread.id(), before);
        templates.fragment(ctx, "chat/older.jte", new OlderPage(thread.id(), page, page.size() == MessageStore.PAGE, me(ctx), Chrome.current(ctx).csrfToken()));
    }

    private void edit(Context ctx) {
        var thread = thread(ctx);
        long id = Input.number(ctx.pathParam("message"), "message id");
        if (!messages.edit(thread.id(), id, me(ctx), text(ctx, false))) {
            throw new NotFoundResponse("You can edit only your own messages that are not deleted.");
        }
        answer(ctx, thread.id(), id);
    }

    private void delete(Context ctx) {
        var thread = thread(ctx);
        long id = Input.number(ctx.pathParam("message"), "message id");
        if (!Confirmation.given(ctx)) {
            boolean own = messages.byIds(List.of(id)).stream().anyMatch(m -> m.threadId() == thread.id() && m.authorId() == me(ctx) && !m.deleted());
            if (!own) {
                throw new NotFoundResponse("You can delete only your own messages that are not deleted yet.");
            }
            new Confirmation("Delete this message?", "It is replaced by “message deleted” for everyone in the thread.",
                    "/chat/" + thread.id() + "/messages/" + id + "/deletion", "Delete", "/chat/" + thread.id(), Map.of()).ask(ctx, templates);
            return;
        }
        if (!messages.delete(thread.id(), id, me(ctx))) {
            throw new NotFoundResponse("You can delete only your own messages that are not deleted yet.");
        }
        answer(ctx, thread.id(), id);
    }

    private void answer(Context ctx, long threadId, long messageId) {
        if (htmx(ctx)) {
            templates.fragment(ctx, "chat/message.jte", new ShownMessage(messages.byIds(List.of(messageId)).getFirst(), me(ctx), Chrome.current(ctx).csrfToken()));
        } else {
            ctx.redirect("/chat/" + threadId, HttpStatus.SEE_OTHER);
        }
    }

    private void draft(Context ctx) {
        var thread = thread(ctx);
        // Only a form saves a draft: a JSON body or none at all read as an empty body field and
        // erased the stored draft (an outside review). An explicitly empty field still clears it.
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(), "A draft is sent as a form (application/x-www-form-urlencoded) with a body field; "
                    + (type.isEmpty() ? "this request had no Content-Type" : "this one was " + type) + ". The stored draft is unchanged.");
        }
        String body = ctx.formParam("body");
        if (body == null) {
            throw new BadRequestResponse("The draft's body field is missing; send body= (empty to clear the draft). The stored draft is unchanged.");
        }
        if (body.length() > MAX_TEXT) {
            throw new BadRequestResponse("A draft is at most " + MAX_TEXT + " characters.");
        }
        if (!messages.saveDraft(thread.id(), me(ctx), body)) {
            throw ChatRoutes.noThread(thread.id()); // deleted while this draft was on its way
        }
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
        long id = Input.number(ctx.pathParam("file"), "file id");
        var file = messages.file(thread.id(), id).orElseThrow(() -> new NotFoundResponse("There is no such file in this thread."));
        boolean image = file.contentType().startsWith("image/");
        String name = file.filename().replaceAll("[^A-Za-z0-9._ -]", "_");
        ctx.contentType(file.contentType())
                .header("Content-Disposition", (image ? "inline" : "attachment") + "; filename=\"" + name + "\"")
                // Revalidated on every use: a member removed from the thread must not read it from cache.
                .header("Cache-Control", "private, no-cache")
                .result(file.data());
    }

    private MessageStore.Upload upload(Context ctx) {
        if (ctx.contentType() == null || !ctx.contentType().startsWith("multipart/")) {
            return null;
        }
        if (ctx.uploadedFiles("file").size() > 1) {
            throw new BadRequestResponse("A message carries one file; this one came with " + ctx.uploadedFiles("file").size()
                    + ". Send each file in a message of its own.");
        }
        var file = ctx.uploadedFile("file");
        // A form with no file chosen sends an empty part without a name; a chosen file of 0 bytes has one.
        if (file == null || file.size() == 0 && (file.filename() == null || file.filename().isBlank())) {
            return null;
        }
        if (file.size() == 0) {
            throw new BadRequestResponse("The file " + file.filename() + " is empty (0 bytes): nothing was sent. Choose a file with something in it, or send the message without one.");
        }
        if (file.size() > MAX_FILE) {
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), "The file " + file.filename() + " is too large: it is "
                    + BodyLimit.megabytes(file.size()) + " and a file may be at most " + BodyLimit.megabytes(MAX_FILE) + ". Choose a smaller file.");
        }
        try (var in = file.content()) {
            byte[] data = in.readAllBytes();
            String filename = file.filename() == null || file.filename().isBlank() ? "file" : file.filename().strip();
            if (TextInput.controlCharacter(filename, false) >= 0) {
                throw new BadRequestResponse("The file's name holds a control character; rename the file and send it again.");
            }
            return new MessageStore.Upload(filename.length() > 200 ? filename.substring(0, 200) : filename, ContentSniffer.detect(data), data);
        } catch (IOException e) {
            throw new BadRequestResponse("The file could not be read; send it again.");
        }
    }

    /** The id the sender's page gave the message (a UUID), or null from a plain form. */
    private static UUID clientId(Context ctx) {
        String raw = Input.text(ctx, "client_id").strip();
        if (raw.isEmpty()) {
            return null;
        }
        if (!CLIENT_ID.matcher(raw).matches()) {
            throw new BadRequestResponse("client_id is the message's UUID, like 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e; leave it out to post without one.");
        }
        return UUID.fromString(raw);
    }

    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static String text(Context ctx, boolean mayBeEmpty) {
        String body = switchboard.web.TextInput.visible(Input.text(ctx, "body"));
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

    private ThreadInfo thread(Context ctx) {
        return ChatAccess.thread(ctx, threads, me(ctx));
    }

    private long me(Context ctx) {
        return auth.user(ctx).orElseThrow().id();
    }
}
