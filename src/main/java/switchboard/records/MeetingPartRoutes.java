package switchboard.records;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Confirmation;
import switchboard.web.Input;

/**
 * A meeting's decisions and action items, version-checked like every form: each save names the
 * meeting's version it was typed against and is refused (409) when the meeting or any of its
 * parts changed since, showing those changes beside the input, which is kept. Input the rules
 * refuse comes back with a message per field (422).
 */
final class MeetingPartRoutes {
    private static final List<String> FIELDS = List.of("text", "decision", "title", "assignee", "due");
    /** The forms' labels; only a decision's text is a textarea. */
    private static final Map<String, String> LABELS = Map.of("text", "Decision", "decision", "Under decision", "title", "Action item",
            "assignee", "Assignee", "due", "Due");

    private final RecordContext app;

    MeetingPartRoutes(RecordContext app) {
        this.app = app;
    }

    void register(Routes routes) {
        routes.post("/records/meetings/{id}/decisions", Access.STAFF, this::decide)
                .post("/records/meetings/{id}/items", Access.STAFF, this::addItem)
                .post("/records/meetings/{id}/decisions/{part}", Access.STAFF, this::editDecision)
                .post("/records/meetings/{id}/decisions/{part}/removal", Access.STAFF, this::removeDecision)
                .post("/records/meetings/{id}/items/{part}", Access.STAFF, this::editItem)
                .post("/records/meetings/{id}/items/{part}/removal", Access.STAFF, this::removeItem);
    }

    private void decide(Context ctx) {
        long id = meeting(ctx);
        var typed = typed(ctx);
        var errors = decisionErrors(typed);
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors, null);
            return;
        }
        answer(ctx, id, typed, null, app.workflow().decide(id, version(ctx), RecordText.visible(typed.get("text")), app.actor(ctx)));
    }

    private void editDecision(Context ctx) {
        long id = meeting(ctx);
        long part = part(ctx);
        var typed = typed(ctx);
        var errors = decisionErrors(typed);
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors, "decision:" + part);
            return;
        }
        answer(ctx, id, typed, "decision:" + part, app.workflow().editDecision(id, version(ctx), part, RecordText.visible(typed.get("text")), app.actor(ctx)));
    }

    private void removeDecision(Context ctx) {
        long id = meeting(ctx);
        long part = part(ctx);
        if (!app.workflow().hasDecision(id, part)) {
            throw new NotFoundResponse("Meeting #" + id + " has no decision #" + part + ".");
        }
        if (!ask(ctx, "Remove decision #" + part + "?", "Its action items go with it and their open tasks are cancelled.", "Remove decision", id)) {
            answer(ctx, id, typed(ctx), null, app.workflow().removeDecision(id, version(ctx), part, app.actor(ctx)));
        }
    }

    private void removeItem(Context ctx) {
        long id = meeting(ctx);
        long part = part(ctx);
        if (!app.workflow().hasItem(id, part)) {
            throw new NotFoundResponse("Meeting #" + id + " has no action item #" + part + ".");
        }
        if (!ask(ctx, "Remove action item #" + part + "?", "Its task is cancelled (a done task stays done).", "Remove action item", id)) {
            answer(ctx, id, typed(ctx), null, app.workflow().removeItem(id, version(ctx), part, app.actor(ctx)));
        }
    }

    /** Without the person's yes, answers with the no-JavaScript confirmation page and returns true. */
    private boolean ask(Context ctx, String title, String question, String button, long id) {
        if (Confirmation.given(ctx)) {
            return false;
        }
        var fields = Map.of("version", String.valueOf(version(ctx)), "seen", String.valueOf(Input.number(ctx.formParam("seen"), "'seen' field of the form (the history entry it was opened at)", 0)));
        new Confirmation(title, question, ctx.path(), button, "/records/meetings/" + id, fields).ask(ctx, app.templates());
        return true;
    }

    private static Map<String, String> decisionErrors(Map<String, String> typed) {
        var errors = textErrors(typed, List.of("text"));
        if (errors.containsKey("text")) {
            return errors;
        }
        // Only invisible characters (a zero-width space, a direction mark) is empty too, as on every records form.
        String text = RecordText.visible(typed.get("text"));
        if (text.isEmpty()) {
            errors.put("text", "Decision is required.");
        } else if (RecordText.length(text) > 2000) {
            errors.put("text", "A decision is at most 2000 characters (this is " + RecordText.length(text) + ").");
        }
        return errors;
    }

    private void addItem(Context ctx) {
        long id = meeting(ctx);
        var typed = typed(ctx);
        var errors = new LinkedHashMap<String, String>();
        var item = item(id, typed, errors);
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors, null);
            return;
        }
        answer(ctx, id, typed, null, app.workflow().addItem(id, version(ctx), item.decision(), item.title(), item.assignee(), item.due(), app.actor(ctx)));
    }

    private void editItem(Context ctx) {
        long id = meeting(ctx);
        long part = part(ctx);
        var typed = typed(ctx);
        var errors = new LinkedHashMap<String, String>();
        var item = item(id, typed, errors);
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors, "item:" + part);
            return;
        }
        answer(ctx, id, typed, "item:" + part, app.workflow().editItem(id, version(ctx), part, item.decision(), item.title(), item.assignee(), item.due(), app.actor(ctx)));
    }

    private record ItemInput(Long decision, String title, Long assignee, LocalDate due) {
    }

    /** An action item's fields as the add and edit forms take them; a refusal per field goes in {@code errors}. */
    private ItemInput item(long id, Map<String, String> typed, Map<String, String> errors) {
        errors.putAll(textErrors(typed, List.of("decision", "title", "assignee", "due")));
        if (!errors.isEmpty()) {
            return null;
        }
        Long decision = typed.get("decision").matches("\\d{1,18}") ? Long.valueOf(typed.get("decision")) : null;
        if (decision == null || !app.workflow().hasDecision(id, decision)) {
            errors.put("decision", "Choose one of this meeting's decisions.");
        }
        String title = RecordText.visible(typed.get("title"));
        if (title.isEmpty()) {
            errors.put("title", "Action item is required.");
        } else if (RecordText.length(title) > 200) {
            errors.put("title", "An action item's title is at most 200 characters (this is " + RecordText.length(title) + ").");
        }
        String who = RecordText.visible(typed.get("assignee")).toLowerCase(java.util.Locale.ROOT);
        Long assignee = who.isEmpty() ? null : app.store().accountId(who).orElse(null);
        if (!who.isEmpty() && assignee == null) {
            errors.put("assignee", "There is no admin or staff account with that username.");
        }
        LocalDate due = null;
        try {
            due = typed.get("due").isBlank() ? null : RecordRules.date(typed.get("due").strip());
        } catch (DateTimeParseException e) {
            errors.put("due", "The due date must look like 2026-12-31.");
        } catch (IllegalArgumentException e) {
            errors.put("due", e.getMessage());
        }
        return new ItemInput(decision, title, assignee, due);
    }

    /** A control character, or a line break or tab in a one-line field, said on its field before anything reads it. */
    private static Map<String, String> textErrors(Map<String, String> typed, List<String> fields) {
        var errors = new LinkedHashMap<String, String>();
        for (String field : fields) {
            String refused = RecordText.refusal(LABELS.get(field), typed.get(field), field.equals("text"));
            if (refused != null) {
                errors.put(field, refused);
            }
        }
        return errors;
    }

    private void answer(Context ctx, long id, Map<String, String> typed, String editing, RecordStore.Saved saved) {
        switch (saved) {
            case SAVED -> ctx.redirect("/records/meetings/" + id, HttpStatus.SEE_OTHER);
            case GONE -> throw new NotFoundResponse("This meeting, decision or action item was deleted while you typed; a deleted meeting can be restored from the trash.");
            case STALE -> {
                long seen = Input.number(ctx.formParam("seen"), "'seen' field of the form (the history entry it was opened at)", 0);
                ctx.status(HttpStatus.CONFLICT);
                render(ctx, id, typed, editing, changesSince(id, seen));
            }
        }
    }

    /** Every field of the meeting and its parts changed after history entry {@code seen}, newest first. */
    private List<ConflictLine> changesSince(long id, long seen) {
        var lines = new ArrayList<ConflictLine>();
        for (HistoryEntry entry : app.audit().history(Kind.MEETINGS, id, seen)) {
            for (FieldChange change : entry.changes()) {
                lines.add(new ConflictLine(change.label(), entry.who(), entry.at(), change.before(), change.after(), ""));
            }
        }
        return lines;
    }

    private void refuse(Context ctx, long id, Map<String, String> typed, Map<String, String> errors, String editing) {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        // The version and history entry the input was typed against stay: a save from it is still checked.
        var forms = new MeetingForms(id, app.workflow().decisions(id), version(ctx), Input.number(ctx.formParam("seen"), "'seen' field of the form (the history entry it was opened at)", 0), typed, errors, editing);
        app.templates().page(ctx, "records/meeting_part.jte", new MeetingPartPage(app.nav(ctx, Kind.MEETINGS.slug()), app.row(Kind.MEETINGS, id), forms, List.of()));
    }

    /** The forms again at the meeting's current version, with what changed since the reader's. */
    private void render(Context ctx, long id, Map<String, String> typed, String editing, List<ConflictLine> conflicts) {
        var forms = new MeetingForms(id, app.workflow().decisions(id), app.store().version(Kind.MEETINGS, id), app.audit().last(Kind.MEETINGS, id), typed, Map.of(), editing);
        app.templates().page(ctx, "records/meeting_part.jte", new MeetingPartPage(app.nav(ctx, Kind.MEETINGS.slug()), app.row(Kind.MEETINGS, id), forms, conflicts));
    }

    private long meeting(Context ctx) {
        long id = app.id(ctx);
        if (app.row(Kind.MEETINGS, id).deleted()) {
            throw new NotFoundResponse("This meeting is in the trash; restore it to add to it.");
        }
        return id;
    }

    private static long part(Context ctx) {
        return Input.number(ctx.pathParam("part"), "decision or action item number");
    }

    private static int version(Context ctx) {
        return (int) Math.min(Integer.MAX_VALUE, Input.number(ctx.formParam("version"), "version"));
    }

    private static Map<String, String> typed(Context ctx) {
        var typed = new LinkedHashMap<String, String>();
        FIELDS.forEach(f -> typed.put(f, Input.text(ctx, f)));
        return typed;
    }
}
