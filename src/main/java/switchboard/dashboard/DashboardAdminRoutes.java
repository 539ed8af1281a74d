package switchboard.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import switchboard.auth.Access;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.web.IngestProblem;
import switchboard.web.Input;
import switchboard.web.Json;
import switchboard.web.Templates;

/** {@code /admin/alerts} (thresholds), {@code /admin/agents} (agents and AGENT accounts), {@code /admin/wagers/new} (a wager by hand). */
final class DashboardAdminRoutes {
    private final DashboardStore store;
    private final DSLContext sql;
    private final Templates templates;
    private final Auth auth;

    DashboardAdminRoutes(DashboardStore store, DSLContext sql, Templates templates, Auth auth) {
        this.store = store;
        this.sql = sql;
        this.templates = templates;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.get("/admin/alerts", Access.ADMIN, ctx -> show(ctx, "alerts", Map.of(), null, ctx.queryParam("saved") != null ? "Thresholds saved." : null))
                .post("/admin/alerts", Access.ADMIN, this::saveThresholds)
                .get("/admin/agents", Access.ADMIN, ctx -> show(ctx, "agents", Map.of(), null, ctx.queryParam("created") != null ? "Agent account created." : null))
                .post("/admin/alerts/currencies", Access.ADMIN, this::saveCurrencyThreshold)
                .post("/admin/agents", Access.ADMIN, this::createAgentAccount)
                .get("/admin/wagers/new", Access.ADMIN, ctx -> show(ctx, "wager", Map.of(), null, ctx.queryParam("placed") != null ? "Wager placed." : null))
                .post("/admin/wagers", Access.ADMIN, this::placeWager);
    }

    private void show(Context ctx, String section, Map<String, String> form, FieldError error, String notice) {
        if (error != null) {
            ctx.status(error.status());
        }
        templates.page(ctx, "dashboard/admin.jte", new DashboardAdminPage(section, store.settings(), store.currencyThresholds(), store.agents(), form,
                error == null ? null : error.getMessage(), error == null ? null : error.field(), notice));
    }

    private static Map<String, String> form(Context ctx, List<String> fields) {
        var form = new LinkedHashMap<String, String>();
        fields.forEach(f -> {
            String typed = Input.text(ctx, f);
            // A value with a control character is refused (FormLabels), and shown back, as typed.
            form.put(f, switchboard.web.TextInput.controlCharacter(typed, false) >= 0 ? typed : typed.strip());
        });
        return form;
    }

    private void saveThresholds(Context ctx) {
        var form = form(ctx, List.of("bigWager", "liabilityJumpPct", "customerExposure", "feedLagMs"));
        try {
            FormLabels.plainText(ctx, List.copyOf(form.keySet()));
            var settings = new AlertSettings(amount(form, "bigWager", "Big wager", null, 2), (int) whole(form, "liabilityJumpPct", "Liability jump", 1, 10_000),
                    amount(form, "customerExposure", "Customer exposure", null, 2), (int) whole(form, "feedLagMs", "Feed lag", 100, 600_000));
            store.saveSettings(settings);
            store.record(null, "admin", auth.user(ctx).orElseThrow().displayName() + " changed the alert thresholds");
            ctx.redirect("/admin/alerts?saved", HttpStatus.SEE_OTHER);
        } catch (FieldError e) {
            show(ctx, "alerts", form, e, null);
        }
    }

    private void saveCurrencyThreshold(Context ctx) {
        var form = form(ctx, List.of("currency", "currencyBigWager", "currencyExposure"));
        try {
            FormLabels.plainText(ctx, List.copyOf(form.keySet()));
            String currency = form.get("currency").toUpperCase(java.util.Locale.ROOT);
            if (!WagerEvent.CURRENCY.matcher(currency).matches() || !store.acceptsCurrency(currency)) {
                throw new FieldError("currency", "Currency must be an ISO 4217 code the book takes, such as EUR or JPY.");
            }
            int units = WagerStore.minorUnits(sql, currency).orElse(2);
            var threshold = new CurrencyThreshold(currency,
                    form.get("currencyBigWager").isEmpty() ? null : amount(form, "currencyBigWager", "Big wager in " + currency, currency, units),
                    form.get("currencyExposure").isEmpty() ? null : amount(form, "currencyExposure", "Customer exposure in " + currency, currency, units));
            store.saveCurrencyThreshold(threshold);
            store.record(null, "admin", auth.user(ctx).orElseThrow().displayName() + " changed the alert thresholds for " + currency);
            ctx.redirect("/admin/alerts?saved", HttpStatus.SEE_OTHER);
        } catch (FieldError e) {
            show(ctx, "alerts", form, e, null);
        }
    }

    private void createAgentAccount(Context ctx) {
        var form = form(ctx, List.of("agentId", "agentName", "username", "displayName"));
        try {
            FormLabels.plainText(ctx, List.of("agentId", "agentName", "username", "displayName", "password"));
            String agentId = form.get("agentId");
            if (!WagerEvent.AGENT_ID.matcher(agentId).matches()) {
                throw new FieldError("agentId", "Agent id must be 1 to 40 letters, digits, '.', '_' or '-'.");
            }
            if (!form.get("agentName").isEmpty() && switchboard.web.TextInput.visible(form.get("agentName")).isEmpty()) {
                throw new FieldError("agentName", "Agent name must have something visible in it; leave it empty to use the agent id.");
            }
            String name = form.get("agentName").isEmpty() ? agentId : form.get("agentName");
            if (name.codePointCount(0, name.length()) > 80 || switchboard.web.TextInput.controlCharacter(name, false) >= 0) {
                throw new FieldError("agentName", "Agent name must be at most 80 characters of plain text.");
            }
            if (switchboard.web.TextInput.controlCharacter(form.get("displayName"), false) >= 0) {
                throw new FieldError("displayName", "Display name must be plain text, without control characters.");
            }
            var user = createAccount(form, Input.text(ctx, "password"));
            // A name typed for an agent that exists renames it; left empty, the agent keeps its name.
            store.addAgent(agentId, name, !form.get("agentName").isEmpty());
            store.link(user.id(), agentId);
            store.record(agentId, "admin", auth.user(ctx).orElseThrow().displayName() + " made agent account " + user.username());
            ctx.redirect("/admin/agents?created", HttpStatus.SEE_OTHER);
        } catch (FieldError e) {
            show(ctx, "agents", form, e, null);
        }
    }

    /** An AGENT account; the accounts' own refusal is put on the field it is about. */
    private switchboard.auth.User createAccount(Map<String, String> form, String password) {
        try {
            return auth.users().create(form.get("username").toLowerCase(), form.get("displayName"), password, Role.AGENT);
        } catch (IllegalArgumentException e) {
            String about = e.getMessage().toLowerCase(java.util.Locale.ROOT);
            throw new FieldError(about.contains("username") ? "username" : about.contains("display name") ? "displayName"
                    : about.contains("password") ? "password" : null, e.getMessage());
        }
    }

    /** The same rules as the ingest API's wager.placed, in one transaction. */
    private void placeWager(Context ctx) {
        var form = form(ctx, WagerForm.FIELDS);
        // People type "eur" where a game server must send "EUR".
        form.computeIfPresent("currency", (field, value) -> value.toUpperCase(java.util.Locale.ROOT));
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "wager.placed");
        form.forEach((field, value) -> {
            if (!value.isEmpty()) {
                event.put(field, value);
            }
        });
        try {
            FormLabels.plainText(ctx, WagerForm.FIELDS);
            WagerForm.requireAll(form);
            sql.transaction(tx -> WagerRules.apply(tx.dsl(), WagerEvent.of(event)));
            store.record(form.get("agentId"), "admin", auth.user(ctx).orElseThrow().displayName() + " placed wager " + form.get("wagerId") + " by hand");
            ctx.redirect("/admin/wagers/new?placed", HttpStatus.SEE_OTHER);
        } catch (FieldError e) {
            show(ctx, "wager", form, e, null);
        } catch (IngestProblem p) {
            show(ctx, "wager", form, WagerForm.refusal(p, form), null);
        } catch (org.jooq.exception.DataAccessException e) {
            if (e.getCause() instanceof IngestProblem p) {
                show(ctx, "wager", form, WagerForm.refusal(p, form), null);
            } else {
                throw e;
            }
        }
    }

    /**
     * The amount in {@code field}, more than 0, in {@code currency} (null: a book threshold, 2
     * decimals) and kept at its scale: zeros past its decimals are taken (5000.00 JPY is 5000),
     * other digits there refused.
     */
    private static BigDecimal amount(Map<String, String> form, String field, String what, String currency, int decimals) {
        String raw = form.get(field);
        String example = decimals == 0 ? "5000" : "5000 or 5000." + "50".repeat(decimals).substring(0, decimals);
        if (!raw.matches("\\d{1,13}(\\.\\d{1,20})?")) {
            throw new FieldError(field, what + " must be an amount such as " + example + ", at most 1000000000000.");
        }
        BigDecimal amount = new BigDecimal(raw);
        if (amount.signum() <= 0) {
            throw new FieldError(field, what + " must be more than 0.");
        }
        if (amount.compareTo(new BigDecimal("1000000000000")) > 0) {
            throw new FieldError(field, what + " must be at most 1000000000000.");
        }
        return switchboard.web.MinorUnits.atScale(amount, decimals).orElseThrow(() -> new FieldError(field, what + " is " + raw + ": "
                + (currency == null ? "a threshold takes at most 2 decimals." : switchboard.web.MinorUnits.refusal(currency, decimals))));
    }

    private static long whole(Map<String, String> form, String field, String what, long min, long max) {
        String raw = form.get(field);
        if (!raw.matches("\\d{1,9}") || Long.parseLong(raw) < min || Long.parseLong(raw) > max) {
            throw new FieldError(field, what + " must be a whole number from " + min + " to " + max + ".");
        }
        return Long.parseLong(raw);
    }
}
