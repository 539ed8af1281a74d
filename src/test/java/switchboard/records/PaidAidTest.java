package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/**
 * Paid aid follows its application (V28): deleting it reverses the payment, restoring books it
 * again, a purge leaves nothing of it on the books, and once paid its beneficiary and kind of aid
 * are fixed like its amount.
 */
class PaidAidTest extends AdminNodeTest {
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"(\\d+)\"");
    private static final String BALANCES = "select currency, sum(case when entry = 'income' then amount else -amount end) from finance group by currency";
    /** What the records say the ledger holds: received live donations less paid live applications. */
    private static final String OWED = "select currency, sum(m) from ("
            + " select currency, amount m from donations where status = 'received' and deleted_at is null"
            + " union all select currency, -amount_requested from applications where status = 'paid' and deleted_at is null) x group by currency";

    private static long created(String path, Map<String, String> form) {
        var answer = admin.post(path, form);
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String group(Pattern pattern, String body) {
        var m = pattern.matcher(body);
        assertTrue(m.find(), "no " + pattern + " in the page");
        return m.group(1);
    }

    private static String version(long app) {
        return String.valueOf(node.database().sql().fetchValue("select version from applications where id = " + app));
    }

    private static Map<String, BigDecimal> sums(String query) {
        var sums = new TreeMap<String, BigDecimal>();
        node.database().sql().fetch(query).forEach(r -> {
            var sum = r.get(1, BigDecimal.class);
            if (sum.signum() != 0) {
                sums.put(r.get(0, String.class), sum.stripTrailingZeros());
            }
        });
        return sums;
    }

    private static void assertBalanced(String when) {
        assertEquals(sums(OWED), sums(BALANCES), "the ledger is received donations less paid live applications, " + when);
    }

    private static long beneficiary(String name, String nationalId) {
        var person = new LinkedHashMap<String, String>();
        person.put("name", name);
        person.put("national_id", nationalId);
        person.put("phone", "");
        person.put("address", "");
        person.put("household_size", "2");
        person.put("status", "active");
        person.put("notes", "");
        return created("/records/beneficiaries", person);
    }

    private static Map<String, String> application(long beneficiary, String amount) {
        var form = new LinkedHashMap<String, String>();
        form.put("beneficiary_id", String.valueOf(beneficiary));
        form.put("aid_kind", "rent");
        form.put("amount_requested", amount);
        form.put("currency", "EUR");
        form.put("handler_id", "");
        form.put("notes", "");
        return form;
    }

    private static long paid(Map<String, String> form) {
        long app = created("/records/applications", form);
        for (String step : new String[] {"in_review", "approved", "paid"}) {
            var answer = admin.post("/records/applications/" + app + "/status", Map.of("status", step, "version", version(app)));
            assertEquals(303, answer.statusCode(), step);
        }
        return app;
    }

    private static long unreversed(long app) {
        return node.database().sql().fetchOne("select id from finance f where source = 'application' and source_id = " + app
                + " and not exists (select 1 from finance r where r.reverses_id = f.id)").get(0, Long.class);
    }

    @Test
    void deletingAPaidApplicationReversesItsPaymentRestoringBooksItAgainAndAPurgeLeavesTheLedgerBalanced() {
        created("/records/donations", Map.of("donor_name", "Deniz Arslan", "donor_contact", "", "amount", "200", "currency", "EUR",
                "method", "transfer", "status", "received", "transaction_date", "2026-11-20", "notes", ""));
        long app = paid(application(beneficiary("Hatice Aydın", "10000000764"), "50.25"));
        String path = "/records/applications/" + app;
        long entry = unreversed(app);
        assertBalanced("after the payment");
        var live = admin.post("/records/finance/" + entry + "/reversal", Map.of());
        assertEquals(409, live.statusCode(), "a live paid application's entry is not reversed by hand");
        assertTrue(live.body().contains("application #" + app), live.body());

        assertEquals(303, admin.post(path + "/deletion", Map.of("version", version(app))).statusCode());
        assertBalanced("after the paid application was deleted");
        assertEquals(409, admin.post("/records/finance/" + entry + "/reversal", Map.of()).statusCode(), "its entry is reversed already");
        assertBalanced("after a refused reversal");

        assertEquals(303, admin.post(path + "/restoration", Map.of("version", version(app))).statusCode());
        assertBalanced("after it was restored");
        long again = unreversed(app);
        assertTrue(again != entry, "the restore booked the payment again");
        assertEquals(409, admin.post("/records/finance/" + again + "/reversal", Map.of()).statusCode(), "the new entry follows the live application");

        assertEquals(303, admin.post(path + "/deletion", Map.of("version", version(app))).statusCode());
        assertEquals(303, admin.post(path + "/purge", Map.of("version", version(app))).statusCode());
        assertBalanced("after the purge");
        assertEquals(Map.of("EUR", new BigDecimal("200").stripTrailingZeros()), sums(BALANCES), "nothing of the purged application is on the books");

        // A plain SQL writer removing a live paid application leaves the ledger balanced too.
        long other = paid(application(beneficiary("Ali Kaya", "20000000114"), "30"));
        node.database().sql().execute("delete from applications where id = " + other);
        assertBalanced("after a DELETE in SQL");
        assertEquals(0, node.database().sql().fetchOne("select count(*) from (select reverses_id from finance where reverses_id is not null"
                + " group by reverses_id having count(*) > 1) x").get(0, Integer.class), "no entry reversed twice");
    }

    @Test
    void aPaidApplicationsBeneficiaryAndKindOfAidAreFixedAndTheFormSaysWhichAndWhy() {
        long hatice = beneficiary("Hatice Yıldız", "30000000250");
        var form = application(hatice, "80");
        long app = paid(form);
        String path = "/records/applications/" + app;
        long can = beneficiary("Can Demir", "40000000464");
        var digest = switchboard.testing.Stored.digest(node.database().sql());

        var other = new LinkedHashMap<>(form);
        other.put("beneficiary_id", String.valueOf(can));
        var refused = save(path, other);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("its beneficiary cannot change"), refused.body());
        assertTrue(Pattern.compile("name=\"beneficiary_id\"[^>]*aria-invalid=\"true\"").matcher(refused.body()).find(), "the message is on the field");
        var food = new LinkedHashMap<>(form);
        food.put("aid_kind", "food");
        var kind = save(path, food);
        assertEquals(422, kind.statusCode(), kind.body());
        assertTrue(kind.body().contains("its kind of aid cannot change"), kind.body());
        assertTrue(kind.body().contains("name=\"aid_kind\" aria-invalid=\"true\""), "the message is on the field");
        assertTrue(kind.body().contains("value=\"food\" selected") || kind.body().contains("value=\"food\" selected=\"selected\""), "the choice typed is kept");
        assertEquals(digest, switchboard.testing.Stored.digest(node.database().sql()), "every refusal stored nothing");
        var sqlWriter = org.junit.jupiter.api.Assertions.assertThrows(org.jooq.exception.DataAccessException.class,
                () -> node.database().sql().execute("update applications set aid_kind = 'cash' where id = " + app));
        assertTrue(sqlWriter.getMessage().contains("kind of aid cannot change"), "a SQL writer is refused too");

        var notes = new LinkedHashMap<>(form);
        notes.put("notes", "receipt filed");
        assertEquals(303, save(path, notes).statusCode(), "what is not booked stays editable");
        assertBalanced("at the end");
    }

    /** Saves {@code form} over record {@code path} at the version its edit form shows now. */
    private static java.net.http.HttpResponse<String> save(String path, Map<String, String> form) {
        String page = admin.get(path + "/edit").body();
        var posted = new LinkedHashMap<>(form);
        posted.put("version", group(VERSION, page));
        posted.put("seen", group(SEEN, page));
        return admin.post(path, posted);
    }
}
