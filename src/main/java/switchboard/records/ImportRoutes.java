package switchboard.records;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Input;
import switchboard.web.TextInput;

/**
 * The all-or-nothing donations import, pasted or as a file: every line is checked first, then
 * all are stored in one transaction and the answer redirects to a page that says how many (a
 * reload of it sends nothing). The same CSV a second time is refused unless the person says so.
 */
final class ImportRoutes {
    private static final String PATH = "/records/donations/import";
    private static final List<String> COLUMNS = List.of("donor_name", "donor_contact", "amount", "currency", "method", "status", "transaction_date", "notes");
    private static final int MAX_ROWS = 5000;

    /** The CSV as sent, or why it could not be read (a file that is not UTF-8). */
    private record Sent(String csv, String problem) {
    }

    private final RecordContext app;
    private final RecordRules rules;
    private final ImportStore store;

    ImportRoutes(RecordContext app) {
        this.app = app;
        this.rules = new RecordRules(app.store()::accountId, app.store()::beneficiaryExists);
        this.store = new ImportStore(app.store());
    }

    void register(Routes routes) {
        routes.get(PATH, Access.ADMIN, this::page)
                .post(PATH, Access.ADMIN, this::importDonations);
    }

    /** The form; {@code ?done=<import>} after an import says what it stored. */
    private void page(Context ctx) {
        long done = Input.number(ctx.queryParam("done"), "import number", -1);
        var stored = done < 0 ? null : store.find(done).orElseThrow(() -> new NotFoundResponse("There is no donations import #" + done + "."));
        render(ctx, "", List.of(), stored, null);
    }

    private void importDonations(Context ctx) {
        var sent = sent(ctx);
        var problems = new ArrayList<String>();
        if (sent.problem() != null) {
            problems.add(sent.problem());
        }
        var rows = problems.isEmpty() ? rows(sent.csv(), problems) : List.<Map<String, Object>>of();
        var outcome = problems.isEmpty() ? store(ctx, sent.csv(), rows, problems) : null;
        if (!problems.isEmpty()) {
            refuse(ctx, HttpStatus.UNPROCESSABLE_CONTENT, sent.csv(), problems, null);
        } else if (outcome.earlier() != null) {
            refuse(ctx, HttpStatus.CONFLICT, sent.csv(), List.of(), outcome.earlier());
        } else {
            ctx.redirect(PATH + "?done=" + outcome.stored().id(), HttpStatus.SEE_OTHER);
        }
    }

    private ImportStore.Outcome store(Context ctx, String csv, List<Map<String, Object>> rows, List<String> problems) {
        try {
            return store.importDonations(rows, sha256(csv), !Input.text(ctx, "again").isEmpty(), app.actor(ctx));
        } catch (org.jooq.exception.DataAccessException e) {
            // A backstop: every rule the database holds is checked per line (checkNew).
            var server = e.getCause(org.postgresql.util.PSQLException.class);
            problems.add("The database refused a line" + (server == null || server.getServerErrorMessage() == null ? ""
                    : " (" + server.getServerErrorMessage().getMessage() + ")") + "; nothing was imported.");
            return null;
        }
    }

    /** The chosen file if there is one (it wins over the text box), else the pasted text; without a byte order mark. */
    private Sent sent(Context ctx) {
        String pasted = Input.text(ctx, "csv");
        var files = ctx.isMultipartFormData() ? ctx.uploadedFiles("file") : List.<io.javalin.http.UploadedFile>of();
        // A form with no file chosen sends an empty part without a name.
        var file = files.stream().filter(f -> f.size() > 0 || (f.filename() != null && !f.filename().isBlank())).toList();
        if (file.size() > 1) {
            return new Sent(pasted, "Choose one file at a time (this sent " + file.size() + ").");
        }
        if (file.isEmpty()) {
            return new Sent(withoutBom(pasted), null);
        }
        String name = TextInput.shown(file.getFirst().filename() == null ? "file" : file.getFirst().filename());
        byte[] bytes;
        try (var in = file.getFirst().content()) {
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            return new Sent(pasted, "The file " + name + " could not be read; choose it again.");
        }
        if (bytes.length == 0) {
            return new Sent(pasted, "The file " + name + " is empty (0 bytes): choose the file with the donations.");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            return new Sent(pasted, "The file " + name + " is not UTF-8 text: line " + line + " holds bytes that are no character (byte " + (at + 1)
                    + "). Save it as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8) and choose it again.");
        }
        return new Sent(withoutBom(out.flip().toString()), null);
    }

    /** Excel's "CSV UTF-8" starts the file with a byte order mark. */
    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The donations of {@code csv}, checked as the New donation form checks one; what is wrong goes to {@code problems}. */
    private List<Map<String, Object>> rows(String csv, List<String> problems) {
        var valid = new ArrayList<Map<String, Object>>();
        List<Csv.Line> rows;
        try {
            rows = Csv.parse(csv);
        } catch (Csv.UnterminatedQuote e) {
            // The rows after an unclosed quote cannot be told apart: that is the one problem to fix.
            problems.add(e.getMessage() + " Close it with a \" or remove it.");
            return valid;
        }
        var header = rows.isEmpty() ? List.<String>of() : rows.getFirst().cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        // The export's id column is taken and ignored: an export imports back as it is.
        var named = header.stream().filter(c -> !c.equals("id")).toList();
        if (named.size() != COLUMNS.size() || !named.containsAll(COLUMNS) || header.size() > named.size() + 1) {
            problems.add("The first line must name the columns: " + String.join(",", COLUMNS) + " (an id column, as the export has, is ignored).");
        } else if (rows.size() - 1 > MAX_ROWS) {
            problems.add("Import at most " + MAX_ROWS + " donations at a time (this has " + (rows.size() - 1) + ").");
        } else if (rows.size() == 1) {
            problems.add("There are no donations below the header line.");
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
        }
        return valid;
    }

    /** The hash an import is remembered by: of the text without its line-end style or trailing blank lines. */
    static String sha256(String csv) {
        String normalised = csv.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private void refuse(Context ctx, HttpStatus status, String csv, List<String> problems, DonationImport earlier) {
        ctx.status(status);
        render(ctx, csv, problems, null, earlier);
    }

    private void render(Context ctx, String csv, List<String> problems, DonationImport done, DonationImport earlier) {
        app.templates().page(ctx, "records/import.jte", new ImportPage(app.nav(ctx, Kind.DONATIONS.slug()), csv, problems, done, earlier));
    }
}
