package switchboard.records;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Input;

/**
 * Moves that are sub-resources of a record: an application's status, a ledger entry's
 * reversal; and the all-or-nothing donations import (a meeting's parts: {@link MeetingPartRoutes}).
 */
final class WorkflowRoutes {
    private static final List<String> IMPORT_COLUMNS = List.of("donor_name", "donor_contact", "amount", "currency", "method", "status", "transaction_date", "notes");
    private static final int MAX_IMPORT_ROWS = 5000;

    private final RecordContext app;
    private final RecordRules rules;

    WorkflowRoutes(RecordContext app) {
        this.app = app;
        this.rules = new RecordRules(app.store()::accountId, app.store()::beneficiaryExists);
    }

    void register(Routes routes) {
        routes.post("/records/applications/{id}/status", Access.STAFF, this::move)
                .post("/records/finance/{id}/reversal", Access.ADMIN, this::reverse)
                .get("/records/donations/import", Access.ADMIN, ctx -> importPage(ctx, "", List.of(), null))
                .post("/records/donations/import", Access.ADMIN, this::importDonations);
    }

    private void move(Context ctx) {
        long id = app.id(ctx);
        int shown = app.shownVersion(ctx, Kind.APPLICATIONS, id);
        String status = Input.text(ctx, "status");
        if (!List.of("in_review", "approved", "rejected", "paid").contains(status)) {
            throw new BadRequestResponse("Move the application to in_review, approved, rejected or paid.");
        }
        app.require(app.workflow().moveApplication(id, shown, status, app.actor(ctx)), Kind.APPLICATIONS, id,
                "The application cannot move to " + status.replace('_', ' ') + " from where it is now; open it again to see where it is.");
        ctx.redirect("/records/applications/" + id, HttpStatus.SEE_OTHER);
    }

    private void reverse(Context ctx) {
        long id = app.id(ctx);
        app.row(Kind.FINANCE, id);
        String refused = app.workflow().reverse(id, app.actor(ctx));
        if (refused != null) {
            throw new io.javalin.http.ConflictResponse(refused);
        }
        ctx.redirect("/records/finance", HttpStatus.SEE_OTHER);
    }

    private void importPage(Context ctx, String csv, List<String> problems, Integer imported) {
        app.templates().page(ctx, "records/import.jte", new ImportPage(app.nav(ctx, Kind.DONATIONS.slug()), csv, problems, imported));
    }

    /** Checks every row first; stores them all in one transaction only when none has a problem. */
    private void importDonations(Context ctx) {
        String csv = Input.text(ctx, "csv");
        var problems = new ArrayList<String>();
        var valid = new ArrayList<Map<String, Object>>();
        List<Csv.Line> rows;
        try {
            // Excel's "CSV UTF-8" starts the file with a byte order mark.
            rows = Csv.parse(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        } catch (Csv.UnterminatedQuote e) {
            // The rows after an unclosed quote cannot be told apart: that is the one problem to fix.
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            importPage(ctx, csv, List.of(e.getMessage() + " Close it with a \" or remove it."), null);
            return;
        }
        var header = rows.isEmpty() ? List.<String>of() : rows.getFirst().cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        // The export's id column is taken and ignored: an export imports back as it is.
        var named = header.stream().filter(c -> !c.equals("id")).toList();
        if (named.size() != IMPORT_COLUMNS.size() || !named.containsAll(IMPORT_COLUMNS) || header.size() > named.size() + 1) {
            problems.add("The first line must name the columns: " + String.join(",", IMPORT_COLUMNS) + " (an id column, as the export has, is ignored).");
        } else if (rows.size() - 1 > MAX_IMPORT_ROWS) {
            problems.add("Import at most " + MAX_IMPORT_ROWS + " donations at a time (this has " + (rows.size() - 1) + ").");
        } else {
            for (Csv.Line row : rows.subList(1, rows.size())) {
                var cells = row.cells();
                if (cells.size() != header.size()) {
                    problems.add("Line " + row.number() + ": " + cells.size() + " cells, expected " + header.size() + ".");
                    continue;
                }
                var typed = new LinkedHashMap<String, String>();
                for (int c = 0; c < cells.size(); c++) {
                    typed.put(header.get(c), Csv.unprefixed(cells.get(c)));
                }
                typed.remove("id");
                var checked = rules.checkNew(Kind.DONATIONS, typed);
                checked.errors().forEach((field, message) -> problems.add("Line " + row.number() + ", " + field + ": " + message));
                valid.add(checked.values());
            }
            if (rows.size() == 1) {
                problems.add("There are no donations below the header line.");
            }
        }
        if (!problems.isEmpty()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            importPage(ctx, csv, problems, null);
            return;
        }
        int imported;
        try {
            imported = app.workflow().importDonations(valid, app.actor(ctx));
        } catch (org.jooq.exception.DataAccessException e) {
            // A backstop: every rule the database holds is checked per line above (checkNew).
            var server = e.getCause(org.postgresql.util.PSQLException.class);
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            importPage(ctx, csv, List.of("The database refused a line" + (server == null || server.getServerErrorMessage() == null ? ""
                    : " (" + server.getServerErrorMessage().getMessage() + ")") + "; nothing was imported."), null);
            return;
        }
        importPage(ctx, "", List.of(), imported);
    }
}
