package switchboard.records;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Input;

/**
 * A record's form: create, edit (refused with 409 and the other person's changes when the
 * version moved on), soft delete with undo, restore, purge, and the "is editing" mark.
 */
final class FormRoutes {
    private final RecordContext app;
    private final Kind kind;
    private final RecordRules rules;

    FormRoutes(RecordContext app, Kind kind) {
        this.app = app;
        this.kind = kind;
        this.rules = new RecordRules(app.store()::accountId, app.store()::beneficiaryExists);
    }

    void register(Routes routes) {
        if (kind.ledger()) {
            return;
        }
        Access access = kind.staff() ? Access.STAFF : Access.ADMIN;
        String base = "/records/" + kind.slug();
        routes.get(base + "/new", access, this::blank)
                .post(base, access, this::create)
                .get(base + "/{id}/edit", access, this::edit)
                .post(base + "/{id}", access, this::save)
                .post(base + "/{id}/deletion", access, ctx -> delete(ctx, true))
                .post(base + "/{id}/restoration", access, ctx -> delete(ctx, false))
                .post(base + "/{id}/purge", access, this::purge)
                .put(base + "/{id}/presence", access, this::present)
                .delete(base + "/{id}/presence", access, this::leave);
    }

    private void blank(Context ctx) {
        var values = new LinkedHashMap<String, String>();
        switch (kind) {
            case BENEFICIARIES -> values.put("household_size", "1");
            case APPLICATIONS -> values.put("currency", "TRY");
            case DONATIONS -> {
                values.put("currency", "TRY");
                values.put("transaction_date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
            }
            default -> { }
        }
        render(ctx, null, 0, 0, values, Map.of(), List.of());
    }

    private void create(Context ctx) {
        var typed = typed(ctx);
        var checked = rules.checkNew(kind, typed);
        if (!checked.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, null, 0, 0, typed, checked.errors(), List.of());
            return;
        }
        try {
            long id = app.store().create(kind, checked.values(), checked.attendees(), app.actor(ctx));
            ctx.redirect("/records/" + kind.slug() + "/" + id, HttpStatus.SEE_OTHER);
        } catch (DataAccessException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, null, 0, 0, typed, refusal(e, typed, null, checked.values()), List.of());
        }
    }

    private void edit(Context ctx) {
        long id = app.id(ctx);
        Row row = live(id);
        render(ctx, id, row.version(), app.audit().last(kind, id), app.store().formValues(kind, id), Map.of(), List.of());
    }

    private void save(Context ctx) {
        long id = app.id(ctx);
        Row row = app.row(kind, id);
        int version = (int) Math.min(Integer.MAX_VALUE, Input.number(ctx.formParam("version"), "version"));
        long seen = Input.number(ctx.formParam("seen"), "'seen' field of the form (the history entry it was opened at)", 0);
        var typed = typed(ctx);
        if (row.deleted()) {
            deletedMeanwhile(ctx, id, version, seen, typed);
            return;
        }
        var checked = rules.keeping(app.store().beneficiaryOf(kind, id)).check(kind, typed);
        if (!checked.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, id, version, seen, typed, checked.errors(), List.of());
            return;
        }
        RecordStore.Saved saved;
        try {
            saved = app.store().update(kind, id, version, checked.values(), checked.attendees(), app.actor(ctx));
        } catch (DataAccessException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, id, version, seen, typed, refusal(e, typed, row, checked.values()), List.of());
            return;
        }
        switch (saved) {
            case SAVED -> ctx.redirect("/records/" + kind.slug() + "/" + id, HttpStatus.SEE_OTHER);
            case GONE -> deletedMeanwhile(ctx, id, version, seen, typed);
            case STALE -> {
                // Keep what was typed, show what the others changed, and offer the new version to save over.
                ctx.status(HttpStatus.CONFLICT);
                render(ctx, id, app.store().version(kind, id), app.audit().last(kind, id), typed, Map.of(), conflicts(id, seen, typed));
            }
        }
    }

    /**
     * Each field changed since audit entry {@code seen}: its latest value, who set it and when;
     * also what is not on the form but moved the version on (a meeting's decisions), so a refusal
     * always says why.
     */
    private List<ConflictLine> conflicts(long id, long seen, Map<String, String> typed) {
        var lines = new ArrayList<ConflictLine>();
        var done = new LinkedHashSet<String>();
        var shown = app.store().find(kind, id).orElseThrow();
        for (HistoryEntry entry : app.audit().history(kind, id, seen)) {
            for (FieldChange change : entry.changes()) {
                if (!done.add(change.field())) {
                    continue;
                }
                boolean onForm = kind.field(change.field()).isPresent();
                String theirs = onForm ? shown.values().getOrDefault(change.field(), change.after()) : change.after();
                lines.add(new ConflictLine(change.label(), entry.who(), entry.at(), change.before(), theirs, onForm ? typed.getOrDefault(change.field(), "") : ""));
            }
        }
        return lines;
    }

    private void delete(Context ctx, boolean deleted) {
        long id = app.id(ctx);
        var acted = app.store().setDeleted(kind, id, app.shownVersion(ctx, kind, id), deleted, app.actor(ctx));
        app.require(acted, kind, id, deleted ? "This " + kind.noun() + " is in the trash already." : "This " + kind.noun() + " is not in the trash; there is nothing to restore.");
        // The list's Undo restores exactly what was deleted: it carries the version the deletion left.
        ctx.redirect(deleted ? "/records/" + kind.slug() + "?undo=" + id + "&version=" + acted.version() : "/records/" + kind.slug() + "/" + id, HttpStatus.SEE_OTHER);
    }

    private void purge(Context ctx) {
        long id = app.id(ctx);
        int shown = app.shownVersion(ctx, kind, id);
        try {
            app.require(app.store().purge(kind, id, shown, app.actor(ctx)), kind, id, "Only a deleted " + kind.noun() + " can be purged: delete it first.");
        } catch (DataAccessException e) {
            throw new io.javalin.http.ConflictResponse("This " + kind.noun() + " is still referred to (for example by applications); it stays in the trash.");
        }
        ctx.redirect("/records/" + kind.slug() + "/trash", HttpStatus.SEE_OTHER);
    }

    private void present(Context ctx) {
        long id = app.id(ctx);
        live(id);
        var user = app.user(ctx);
        app.notifications().editing(kind, id, user.id(), user.displayName());
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void leave(Context ctx) {
        app.notifications().left(kind, app.id(ctx), app.user(ctx).id());
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * The record went to the trash while this person edited it: their form comes back with what
     * they typed (a bare 404 threw it away), saying who deleted it and how to go on.
     */
    private void deletedMeanwhile(Context ctx, long id, int version, long seen, Map<String, String> typed) {
        ctx.status(HttpStatus.CONFLICT);
        render(ctx, id, version, seen, typed, Map.of("form", "This " + kind.noun() + " was deleted by " + app.audit().lastBy(kind, id).orElse("someone")
                + " while you edited it; what you typed is kept below. Restore it from its page (/records/" + kind.slug() + "/" + id
                + ") in another tab, then save here again."), List.of());
    }

    private Row live(long id) {
        Row row = app.row(kind, id);
        if (row.deleted()) {
            throw new NotFoundResponse("This " + kind.noun() + " is in the trash; restore it to edit it.");
        }
        return row;
    }

    private Map<String, String> typed(Context ctx) {
        var typed = new LinkedHashMap<String, String>();
        for (Field f : kind.editable()) {
            typed.put(f.column(), Input.text(ctx, f.column()));
        }
        return typed;
    }

    /**
     * A rule only the database knows (a national id already on file; booked money, V22; a paid application's beneficiary and kind of aid, V28): a
     * message on its field.
     */
    private Map<String, String> refusal(DataAccessException e, Map<String, String> typed, Row row, Map<String, Object> values) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("national_id")) {
            String nationalId = typed.getOrDefault("national_id", "").replace(" ", "");
            return Map.of("national_id", app.store().nationalIdHolder(nationalId)
                    .map(h -> "Beneficiary #" + h.id() + " has this national id" + (h.trashed() ? " and is in the trash: restore them from the trash rather than adding them again." : "."))
                    .orElse("A beneficiary with this national id is already on file."));
        }
        var server = e.getCause(org.postgresql.util.PSQLException.class);
        var said = server == null ? null : server.getServerErrorMessage();
        if (said != null && said.getConstraint() != null) {
            switch (said.getConstraint()) {
                case "donation_booked_amount" -> {
                    return onChangedMoney(row, values, "amount", said.getMessage());
                }
                case "application_paid_amount" -> {
                    return onChangedMoney(row, values, "amount_requested", said.getMessage());
                }
                default -> { }
            }
            String field = switch (said.getConstraint()) {
                case "donation_booked_status" -> "status";
                case "application_paid_beneficiary" -> "beneficiary_id";
                case "application_paid_aid_kind" -> "aid_kind";
                default -> null;
            };
            if (field != null) {
                return Map.of(field, said.getMessage());
            }
        }
        return Map.of("form", "The database refused this " + kind.noun() + ": check the fields and try again.");
    }

    /**
     * Booked money's refusal on the field the person changed: the currency when only it changed
     * (it was put on the amount, which was not touched), the amount otherwise.
     */
    private static Map<String, String> onChangedMoney(Row row, Map<String, Object> values, String amountColumn, String message) {
        boolean currency = row != null && values.get("currency") instanceof String code && !code.equals(row.value("currency"));
        boolean amount = row == null || !(values.get(amountColumn) instanceof java.math.BigDecimal typed) || row.value(amountColumn).isEmpty()
                || typed.compareTo(new java.math.BigDecimal(row.value(amountColumn))) != 0;
        var errors = new LinkedHashMap<String, String>();
        if (currency) {
            errors.put("currency", message);
        }
        if (amount || !currency) {
            errors.put(amountColumn, message);
        }
        return errors;
    }

    private void render(Context ctx, Long id, int version, long seen, Map<String, String> values, Map<String, String> errors, List<ConflictLine> conflicts) {
        long since = app.feed().head();
        long me = app.actor(ctx).id();
        var editors = id == null ? List.<Editor>of() : app.notifications().editors(kind, id).stream().filter(e -> e.userId() != me).toList();
        String live = id == null ? null : app.liveUrl(ctx, since, Records.record(kind, id));
        app.templates().page(ctx, "records/form.jte", new FormPage(app.nav(ctx, kind.slug()), kind, id, version, seen, values, errors, conflicts, editors, me, live));
    }
}
