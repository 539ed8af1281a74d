package switchboard.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.ApiKeys;
import switchboard.auth.Auth;
import switchboard.auth.KioskLinks;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.web.Confirmation;
import switchboard.web.Templates;

/**
 * {@code /admin/keys} and {@code /admin/kiosks}: credentials that are shown once. The page that
 * creates one answers with it directly (no redirect, so it is never in a URL or history) and
 * marks itself not to be cached.
 */
final class SecretRoutes {
    private final Auth auth;
    private final Templates templates;
    private final String publicUrl;

    SecretRoutes(Auth auth, Templates templates, String publicUrl) {
        this.auth = auth;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    void register(Routes routes) {
        routes.get("/admin/keys", Access.ADMIN, ctx -> keys(ctx, auth.takeFromLastPage(ctx, "keys.notice"), null, auth.takeFromLastPage(ctx, "key")))
                .post("/admin/keys", Access.ADMIN, this::createKey)
                .post("/admin/keys/{id}/revocation", Access.ADMIN, this::revokeKey)
                .get("/admin/kiosks", Access.ADMIN, ctx -> kiosks(ctx, auth.takeFromLastPage(ctx, "kiosks.notice"), null, auth.takeFromLastPage(ctx, "kiosk")))
                .post("/admin/kiosks", Access.ADMIN, this::createKiosk)
                .post("/admin/kiosks/{id}/revocation", Access.ADMIN, this::revokeKiosk);
    }

    private void createKey(Context ctx) {
        try {
            var created = auth.apiKeys().create(AdminForms.field(ctx, "name"), ApiKeys.SCOPE_INGEST,
                    ctx.formParam("tables") == null ? "" : ctx.formParam("tables"), self(ctx));
            auth.keepForNextPage(ctx, "key", created.secret());
            auth.keepForNextPage(ctx, "keys.notice", "Key '" + created.key().name() + "' created. Copy it now: it is not shown again.");
            ctx.redirect("/admin/keys", HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            keys(ctx, null, e.getMessage(), null);
        }
    }

    private void revokeKey(Context ctx) {
        long id = AdminForms.id(ctx);
        var key = auth.apiKeys().all().stream().filter(k -> k.id() == id && !k.revoked()).findFirst();
        if (key.isPresent() && !Confirmation.given(ctx)) {
            new Confirmation("Revoke the key “" + key.get().name() + "”?", "Game servers using it get 401 on their next request. This cannot be undone.",
                    "/admin/keys/" + id + "/revocation", "Revoke", "/admin/keys", Map.of()).ask(ctx, templates);
            return;
        }
        boolean revoked = auth.apiKeys().revoke(id);
        // Revoking twice (two admins, a resent form) ends where the first did: the key is revoked.
        var before = revoked ? null : auth.apiKeys().all().stream().filter(k -> k.id() == id).findFirst().orElse(null);
        if (!revoked && before == null) {
            ctx.status(HttpStatus.NOT_FOUND);
        }
        keys(ctx, revoked ? "Key revoked: requests with it now get 401." : before != null ? "Key '" + before.name() + "' was already revoked." : null,
                revoked || before != null ? null : "There is no key with that id.", null);
    }

    private void createKiosk(Context ctx) {
        try {
            var created = auth.kioskLinks().create(AdminForms.field(ctx, "screen"), self(ctx));
            auth.keepForNextPage(ctx, "kiosk", baseUrl(ctx) + KioskLinks.PATH + created.token());
            auth.keepForNextPage(ctx, "kiosks.notice", "Kiosk link for '" + created.link().screen() + "' created. Open it on the screen; it is not shown again.");
            ctx.redirect("/admin/kiosks", HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            kiosks(ctx, null, e.getMessage(), null);
        }
    }

    private void revokeKiosk(Context ctx) {
        long id = AdminForms.id(ctx);
        var link = auth.kioskLinks().all().stream().filter(k -> k.id() == id && !k.revoked()).findFirst();
        if (link.isPresent() && !Confirmation.given(ctx)) {
            new Confirmation("Revoke the link for “" + link.get().screen() + "”?", "The screen is signed out at once and its pages stop updating. This cannot be undone.",
                    "/admin/kiosks/" + id + "/revocation", "Revoke", "/admin/kiosks", Map.of()).ask(ctx, templates);
            return;
        }
        boolean revoked = auth.kioskLinks().revoke(id);
        if (!revoked) {
            ctx.status(HttpStatus.NOT_FOUND);
        }
        kiosks(ctx, revoked ? "Link revoked: the screen is signed out and its live pages disconnected." : null,
                revoked ? null : "There is no active kiosk link with that id.", null);
    }

    private void keys(Context ctx, String notice, String error, String secret) {
        templates.page(ctx, "admin/keys.jte", new SecretsPage<>(auth.apiKeys().all(), notice, error, secret));
    }

    private void kiosks(Context ctx, String notice, String error, String url) {
        templates.page(ctx, "admin/kiosks.jte", new SecretsPage<>(auth.kioskLinks().all(), notice, error, url));
    }

    /** PUBLIC_URL when set; otherwise the address this admin reached us at (see {@link switchboard.web.ClientAddress#origin}). */
    private String baseUrl(Context ctx) {
        return auth.settings().addresses().origin(ctx, publicUrl);
    }

    private long self(Context ctx) {
        return auth.user(ctx).map(User::id).orElseThrow();
    }
}
