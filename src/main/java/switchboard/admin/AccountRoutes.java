package switchboard.admin;

import io.javalin.http.Context;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.web.Confirmation;
import switchboard.web.Templates;

/** {@code /admin/users}: the accounts, and what an admin changes about them. */
final class AccountRoutes {
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Account created. Tell the person their username and password.",
            "role", "Role changed. It applies at once: the account was signed out everywhere and signs in again with the new role.",
            "password", "Password reset. The account was signed out everywhere; tell the person their new password.",
            "disabled", "Account disabled. Its open pages were disconnected.",
            "enabled", "Account enabled.");

    private final Auth auth;
    private final Templates templates;

    AccountRoutes(Auth auth, Templates templates) {
        this.auth = auth;
        this.templates = templates;
    }

    void register(Routes routes) {
        routes.get("/admin", Access.ADMIN, ctx -> ctx.redirect("/admin/users"))
                .get("/admin/users", Access.ADMIN, this::list)
                .post("/admin/users", Access.ADMIN, this::create)
                .post("/admin/users/{id}/role", Access.ADMIN, this::role)
                .post("/admin/users/{id}/password", Access.ADMIN, this::password)
                .post("/admin/users/{id}/status", Access.ADMIN, this::status);
    }

    private void list(Context ctx) {
        String done = ctx.queryParam("done");
        show(ctx, done == null ? null : NOTICES.get(done), null, UsersPage.NewUser.EMPTY);
    }

    private void create(Context ctx) {
        var form = new UsersPage.NewUser(AdminForms.field(ctx, "username"), AdminForms.field(ctx, "displayName"), AdminForms.field(ctx, "role"));
        try {
            auth.users().create(form.username().strip().toLowerCase(), form.displayName(), AdminForms.field(ctx, "password"), personRole(form.role()));
            ctx.redirect("/admin/users?done=created", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            show(ctx, null, e.getMessage(), form);
        }
    }

    private void role(Context ctx) {
        change(ctx, "role", () -> auth.users().setRole(AdminForms.id(ctx), personRole(AdminForms.field(ctx, "role"))));
    }

    private void password(Context ctx) {
        change(ctx, "password", () -> auth.users().resetPassword(AdminForms.id(ctx), AdminForms.field(ctx, "password")));
    }

    private void status(Context ctx) {
        long id = AdminForms.id(ctx);
        String status = AdminForms.field(ctx, "status");
        if (!status.equals("enabled") && !status.equals("disabled")) {
            throw new io.javalin.http.BadRequestResponse("An account's status is enabled or disabled; nothing was changed.");
        }
        boolean enable = status.equals("enabled");
        if (!enable && auth.user(ctx).map(User::id).orElse(-1L) == id) {
            ctx.status(400);
            show(ctx, null, "You cannot disable your own account.", UsersPage.NewUser.EMPTY);
            return;
        }
        var user = auth.users().all().stream().filter(u -> u.id() == id && !u.disabled()).findFirst();
        if (!enable && user.isPresent() && !Confirmation.given(ctx)) {
            String name = user.get().displayName();
            new Confirmation("Disable " + name + "?", name + " is signed out everywhere and cannot sign in until an admin enables the account again.",
                    "/admin/users/" + id + "/status", "Disable", "/admin/users", Map.of("status", "disabled")).ask(ctx, templates);
            return;
        }
        change(ctx, enable ? "enabled" : "disabled", () -> auth.users().setDisabled(id, !enable));
    }

    private void change(Context ctx, String done, Runnable action) {
        try {
            action.run();
            ctx.redirect("/admin/users?done=" + done, io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            show(ctx, null, e.getMessage(), UsersPage.NewUser.EMPTY);
        }
    }

    private static Role personRole(String value) {
        return switch (value) {
            case "MEMBER" -> Role.MEMBER;
            case "ADMIN" -> Role.ADMIN;
            case "STAFF" -> Role.STAFF;
            default -> throw new IllegalArgumentException("Choose a role: MEMBER, STAFF or ADMIN (kiosks are made with a kiosk link).");
        };
    }

    private void show(Context ctx, String notice, String error, UsersPage.NewUser form) {
        long self = auth.user(ctx).map(User::id).orElse(-1L);
        templates.page(ctx, "admin/users.jte", new UsersPage(auth.users().all(), self, notice, error, form));
    }
}
