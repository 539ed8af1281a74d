package switchboard.polls;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.web.Input;
import switchboard.web.Templates;

/** {@code /admin/polls}: create polls, edit them while nobody has voted, open, close and reopen them. */
final class PollAdminRoutes {
    private final PollStore store;
    private final Templates templates;
    private final Auth auth;

    PollAdminRoutes(PollStore store, Templates templates, Auth auth) {
        this.store = store;
        this.templates = templates;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/admin/polls", Access.ADMIN, ctx -> list(ctx, PollForm.EMPTY))
                .post("/admin/polls", Access.ADMIN, this::create)
                .get("/admin/polls/{id}", Access.ADMIN, ctx -> edit(ctx, null))
                .post("/admin/polls/{id}", Access.ADMIN, this::save)
                .post("/admin/polls/{id}/status", Access.ADMIN, this::status);
    }

    private void list(Context ctx, PollForm form) {
        templates.page(ctx, "polls/admin.jte", new PollAdminPage(store.list("all"), form));
    }

    private void create(Context ctx) {
        PollForm form = PollForm.read(ctx).validated();
        if (form.error() != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
            list(ctx, form);
            return;
        }
        long id = store.create(form.question(), form.optionList(), form.closing(), auth.user(ctx).orElseThrow().id());
        ctx.redirect("/admin/polls/" + id, HttpStatus.SEE_OTHER);
    }

    private void edit(Context ctx, PollForm form) {
        Poll poll = poll(ctx);
        templates.page(ctx, "polls/edit.jte", new PollEditPage(poll, form == null ? PollForm.of(poll) : form));
    }

    private void save(Context ctx) {
        Poll poll = poll(ctx);
        PollForm form = PollForm.read(ctx).validated();
        if (form.error() == null && !store.edit(poll.id(), form.question(), form.optionList(), form.closing())) {
            form = new PollForm(form.question(), form.options(), form.closesAt(), "This poll has votes now; it can no longer be edited.");
            ctx.status(HttpStatus.CONFLICT);
        } else if (form.error() != null) {
            ctx.status(HttpStatus.BAD_REQUEST);
        } else {
            ctx.redirect("/admin/polls/" + poll.id(), HttpStatus.SEE_OTHER);
            return;
        }
        templates.page(ctx, "polls/edit.jte", new PollEditPage(poll, form));
    }

    private void status(Context ctx) {
        Poll poll = poll(ctx);
        String status = ctx.formParam("status");
        if (!"active".equals(status) && !"closed".equals(status)) {
            ctx.status(HttpStatus.BAD_REQUEST);
            templates.page(ctx, "polls/edit.jte", new PollEditPage(poll, new PollForm(PollForm.of(poll).question(), PollForm.of(poll).options(),
                    PollForm.of(poll).closesAt(), "Choose to open (active) or close (closed) the poll.")));
            return;
        }
        store.setStatus(poll.id(), status);
        ctx.redirect("/admin/polls/" + poll.id(), HttpStatus.SEE_OTHER);
    }

    private Poll poll(Context ctx) {
        long id = Input.number(ctx.pathParam("id"), "poll id");
        return store.find(id).orElseThrow(() -> new NotFoundResponse("There is no poll " + id + "."));
    }
}
