package switchboard.admin;

import switchboard.auth.Auth;
import switchboard.auth.Routes;
import switchboard.web.Templates;

/**
 * Admin pages ({@code /admin/...}): accounts (create, role, password reset, disable), kiosk
 * links and API keys. Secrets (kiosk tokens, API keys) are shown once, on the page that
 * creates them, and stored only as digests.
 */
public final class Admin {
    private final Auth auth;
    private final Templates templates;
    private final String publicUrl;

    public Admin(Auth auth, Templates templates, String publicUrl) {
        this.auth = auth;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    public void register(Routes routes) {
        new AccountRoutes(auth, templates).register(routes);
        new SecretRoutes(auth, templates, publicUrl).register(routes);
    }
}
