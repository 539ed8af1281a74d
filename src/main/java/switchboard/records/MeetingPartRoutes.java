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
import switchboard.web.Input;

/**
 * A meeting's decisions and action items, version-checked like every form: each save names the
 * meeting's version it was typed against and is refused (409) when the meeting or any of its
 * parts changed since, showing those changes beside the input, which is kept. Input the rules
 * refuse comes back with a message per field (422).
 */
final class MeetingPartRoutes {
    private static final List<String> FIELDS = List.of("text", "decision", "title", "assignee", "due");

    private final RecordContext app;

    MeetingPartRoutes(RecordContext app) {
        this.app = app;
    }

    void register(Routes routes) {
        routes.post("/records/meetings/{id}/decisions", Access.STAFF, this::decide)
                .post("/records/meetings/{id}/items", Access.STAFF, this::addItem);
    }

    private void decide(Context ctx) {
        long id = meeting(ctx);
        var typed = typed(ctx);
        var errors = new LinkedHashMap<String, String>();
        String text = typed.get("text").strip();
        if (text.isEmpty() || text.length() > 2000) {
            errors.put("text", "A decision is 1 to 2000 characters.");
        }
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors);
            return;
        }
        answer(ctx, id, typed, app.workflow().decide(id, version(ctx), text, app.actor(ctx)));
    }

    private void addItem(Context ctx) {
        long id = meeting(ctx);
        var typed = typed(ctx);
        var errors = new LinkedHashMap<String, String>();
        Long decision = typed.get("decision").matches("\\d{1,18}") ? Long.valueOf(typed.get("decision")) : null;
        if (decision == null || !app.workflow().hasDecision(id, decision)) {
            errors.put("decision", "Choose one of this meeting's decisions.");
        }
        String title = typed.get("title").strip();
        if (title.isEmpty() || title.length() > 200) {
            errors.put("title", "An action item's title is 1 to 200 characters.");
        }
        String who = typed.get("assignee").strip().toLowerCase(java.util.Locale.ROOT);
        Long assignee = who.isEmpty() ? null : app.store().accountId(who).orElse(null);
        if (!who.isEmpty() && assignee == null) {
            errors.put("assignee", "There is no admin or staff account with that username.");
        }
        LocalDate due = null;
        try {
            due = typed.get("due").isBlank() ? null : LocalDate.parse(typed.get("due").strip());
        } catch (DateTimeParseException e) {
            errors.put("due", "The due date must look like 2026-12-31.");
        }
        if (!errors.isEmpty()) {
            refuse(ctx, id, typed, errors);
            return;
        }
        answer(ctx, id, typed, app.workflow().addItem(id, version(ctx), decision, title, assignee, due, app.actor(ctx)));
    }

    private void answer(Context ctx, long id, Map<String, String> typed, RecordStore.Saved saved) {
        switch (saved) {
            case SAVED -> ctx.redirect("/records/meetings/" + id, HttpStatus.SEE_OTHER);
            case GONE -> throw new NotFoundResponse("This meeting (or the decision) was deleted while you typed; restore it from the trash to add to it.");
            case STALE -> {
                long seen = Input.number(ctx.formParam("seen"), "seen", 0);
                ctx.status(HttpStatus.CONFLICT);
                render(ctx, id, typed, Map.of(), changesSince(id, seen));
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

    private void refuse(Context ctx, long id, Map<String, String> typed, Map<String, String> errors) {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        // The version and history entry the input was typed against stay: a save from it is still checked.
        var forms = new MeetingForms(id, app.workflow().decisions(id), version(ctx), Input.number(ctx.formParam("seen"), "seen", 0), typed, errors);
        app.templates().page(ctx, "records/meeting_part.jte", new MeetingPartPage(app.nav(ctx, Kind.MEETINGS.slug()), app.row(Kind.MEETINGS, id), forms, List.of()));
    }

    /** The forms again at the meeting's current version, with what changed since the reader's. */
    private void render(Context ctx, long id, Map<String, String> typed, Map<String, String> errors, List<ConflictLine> conflicts) {
        var forms = new MeetingForms(id, app.workflow().decisions(id), app.store().version(Kind.MEETINGS, id), app.audit().last(Kind.MEETINGS, id), typed, errors);
        app.templates().page(ctx, "records/meeting_part.jte", new MeetingPartPage(app.nav(ctx, Kind.MEETINGS.slug()), app.row(Kind.MEETINGS, id), forms, conflicts));
    }

    private long meeting(Context ctx) {
        long id = app.id(ctx);
        if (app.row(Kind.MEETINGS, id).deleted()) {
            throw new NotFoundResponse("This meeting is in the trash; restore it to add to it.");
        }
        return id;
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
