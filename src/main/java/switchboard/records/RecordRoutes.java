package switchboard.records;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import org.jooq.impl.DSL;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Input;

/** A kind's list (keyset pages, sort, filters, search, count), its record pages, trash and CSV export. */
final class RecordRoutes {
    private final RecordContext app;
    private final Kind kind;

    RecordRoutes(RecordContext app, Kind kind) {
        this.app = app;
        this.kind = kind;
    }

    void register(Routes routes) {
        Access access = kind.staff() ? Access.STAFF : Access.ADMIN;
        String base = "/records/" + kind.slug();
        routes.get(base, access, this::list)
                .get(base + "/export", access, this::export)
                .get(base + "/matching", access, this::matching);
        if (!kind.ledger()) {
            routes.get(base + "/trash", access, this::trash);
        }
        routes.get(base + "/{id}", access, this::show);
    }

    private void list(Context ctx) {
        var query = query(ctx);
        // New rows are announced at the top as they are pushed: none of the list's changes may wait for a seq when the rows are read.
        long since = app.feed().headFor(List.of(Records.list(kind)));
        var rows = app.store().list(kind, query, ListQuery.PAGE + 1);
        String next = null;
        if (rows.size() > ListQuery.PAGE) {
            rows = rows.subList(0, ListQuery.PAGE);
            Row last = rows.getLast();
            next = "/records/" + kind.slug() + "?" + query.after(app.store().sortValue(kind, query.sort(), last.id()), last.id()).params();
        }
        String exact = ctx.queryParam("count");
        if (exact != null && !exact.isEmpty() && !exact.equals("exact")) {
            throw new BadRequestResponse("count is 'exact' (count every row) or left out, not '" + abbreviate(exact) + "'.");
        }
        var count = app.counts().count(kind, query, "exact".equals(exact));
        // The Undo carries the version the deletion left: it restores only what this person deleted.
        long undone = Input.number(ctx.queryParam("undo"), "undo", -1);
        long left = Input.number(ctx.queryParam("version"), "version", -1);
        Undo undo = undone < 0 || left < 0 ? null : new Undo(undone, left);
        var totals = kind == Kind.DONATIONS ? app.workflow().donationTotals() : kind == Kind.FINANCE ? app.workflow().ledgerBalance() : List.<Total>of();
        app.templates().page(ctx, "records/list.jte", new ListPage(app.nav(ctx, kind.slug()), kind, rows, query, next, count, undo, totals,
                app.liveUrl(ctx, since, Records.list(kind))));
    }

    /**
     * {@code ?ids=3,9&q=...&<filters>}: which of the pushed rows a list under a search shows, as
     * {@code {"ids":[9]}}. A row is pushed once for every viewer of the kind; a list can judge
     * its filters by itself (records.js), but not a search, which runs in the database. Asked
     * only by pages with a search open, for at most 100 rows at a time.
     */
    private void matching(Context ctx) {
        String raw = ctx.queryParam("ids") == null ? "" : ctx.queryParam("ids");
        if (!raw.matches("\\d{1,18}(,\\d{1,18}){0,99}")) {
            throw new BadRequestResponse("'ids' is 1 to 100 record ids separated by commas, such as 3,9.");
        }
        var ids = java.util.Arrays.stream(raw.split(",")).map(Long::valueOf).distinct().toList();
        ctx.json(java.util.Map.of("ids", app.store().matching(kind, query(ctx).first(), ids)));
    }

    private void show(Context ctx) {
        // A word is another kind's page (/new, /trash, /import) that this kind does not have: not a damaged number.
        if (ctx.pathParam("id").matches("[A-Za-z_-]{1,40}")) {
            throw new io.javalin.http.NotFoundResponse("There is no page " + ctx.path() + (kind.ledger()
                    ? ": the ledger's entries are made by donations, payments and reversals, never by hand, and stay. See /records/finance."
                    : ". See /records/" + kind.slug() + "."));
        }
        long id = app.id(ctx);
        long me = app.actor(ctx).id();
        long since = app.feed().head();
        var detail = app.records().detail(kind, id, switchboard.web.Chrome.current(ctx).csrfToken())
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("There is no " + kind.noun() + " #" + id + "."));
        // The forms remember the version and the last history entry the reader was shown.
        var forms = kind != Kind.MEETINGS ? null : new MeetingForms(id, detail.decisions(), detail.row().version(),
                detail.history().isEmpty() ? 0 : detail.history().getFirst().id(), java.util.Map.of(), java.util.Map.of(), null);
        app.templates().page(ctx, "records/detail.jte", new DetailPage(app.nav(ctx, kind.slug()), detail,
                app.notifications().editors(kind, id).stream().filter(e -> e.userId() != me).toList(), me, app.liveUrl(ctx, since, Records.record(kind, id)), forms));
    }

    private void trash(Context ctx) {
        app.templates().page(ctx, "records/trash.jte", new TrashPage(app.nav(ctx, kind.slug()), kind, app.store().trash(kind)));
    }

    /** Streams the filtered list as CSV through a cursor: a million rows never sit in memory. */
    private void export(Context ctx) throws Exception {
        var query = query(ctx).first();
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + kind.slug() + ".csv\"");
        var columns = kind.fields().stream().filter(Field::stored).toList();
        var out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        // A byte order mark first: Excel reads UTF-8 without one in the machine's legacy code page ("Åžükrü"); the import takes it.
        out.write("\uFEFFid," + String.join(",", columns.stream().map(Field::column).toList()) + "\r\n");
        app.store().sql().transaction(cfg -> {
            var sort = RecordTables.column(kind, query.sort());
            try (var cursor = DSL.using(cfg).select(RecordStore.shown(kind)).from(RecordTables.table(kind))
                    .where(RecordTables.conditions(kind, query))
                    .orderBy(query.descending() ? sort.desc() : sort.asc(), query.descending() ? RecordTables.id(kind).desc() : RecordTables.id(kind).asc())
                    .fetchSize(500)
                    .fetchLazy()) {
                for (var record : cursor) {
                    Row row = RecordStore.row(kind, record);
                    var line = new StringBuilder().append(row.id());
                    for (Field f : columns) {
                        line.append(',').append(Csv.quote(row.value(f.column())));
                    }
                    out.write(line.append("\r\n").toString());
                }
            }
            out.flush();
        });
    }

    /** The list's query from the URL; anything malformed is a 400 that says what to fix. */
    private ListQuery query(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        if (q.length() > 100) {
            throw new BadRequestResponse("Search for at most 100 characters.");
        }
        var filters = new LinkedHashMap<String, String>();
        for (Field f : kind.filters()) {
            String v = ctx.queryParam(f.column());
            if (v == null || v.isEmpty()) {
                continue;
            }
            if (f.type() == Field.Type.CURRENCY) {
                v = v.toUpperCase(java.util.Locale.ROOT);
            }
            if (f.type() == Field.Type.CURRENCY && !knownCurrency(v)) {
                throw new BadRequestResponse(f.label() + " filter: '" + abbreviate(v) + "' is not a currency (an ISO 4217 code such as TRY, EUR, USD).");
            }
            boolean ok = f.type() == Field.Type.CURRENCY || f.options().contains(v);
            if (!ok) {
                throw new BadRequestResponse(f.label() + " filter: '" + abbreviate(v) + "' is not one of its values.");
            }
            filters.put(f.column(), v);
        }
        String sort = ctx.queryParam("sort") == null ? "id" : ctx.queryParam("sort");
        if (!sort.equals("id") && kind.field(sort).filter(Field::sortable).isEmpty()) {
            throw new BadRequestResponse("Lists sort by id or one of their sortable columns, not '" + abbreviate(sort) + "'.");
        }
        String dir = ctx.queryParam("dir");
        if (dir != null && !dir.equals("asc") && !dir.equals("desc")) {
            throw new BadRequestResponse("Lists sort in order asc or desc, not '" + abbreviate(dir) + "'.");
        }
        boolean desc = dir == null ? sort.equals("id") : dir.equals("desc");
        var query = new ListQuery(q, filters, sort, desc, null, null);
        String after = ctx.queryParam("after");
        return after == null || after.isEmpty() ? query : cursor(query, after);
    }

    private ListQuery cursor(ListQuery query, String after) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long id = Long.parseLong(text.substring(0, colon));
            String value = text.substring(colon + 1);
            var parsed = query.after(value, id);
            // Parse now: a bad cursor is the client's mistake (400), not a failing query.
            app.store().checkCursor(kind, query.sort(), value);
            return parsed;
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            throw new BadRequestResponse("This page link is damaged; go back to the first page of the list.");
        }
    }

    /** Any ISO 4217 code, withdrawn ones too: a list may hold rows recorded in them before. */
    private static boolean knownCurrency(String code) {
        try {
            return code.matches("[A-Z]{3}") && java.util.Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 20 ? clean.substring(0, 20) + "…" : clean;
    }
}
