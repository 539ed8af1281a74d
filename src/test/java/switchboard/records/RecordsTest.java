package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.SseClient;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/** Two people on the same records: no lost update, validation that stores nothing, history, undo, roles. */
class RecordsTest extends AdminNodeTest {
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"(\\d+)\"");
    private static WebClient bea;
    private static WebClient sam;
    private static long samId;

    @BeforeAll
    static void people() {
        node.auth().users().create("bea", "Bea", "admin password", Role.ADMIN);
        samId = node.auth().users().create("sam", "Sam Yılmaz", "staff password", Role.STAFF).id();
        bea = WebClient.signedIn(node.port(), "bea", "admin password");
        sam = WebClient.signedIn(node.port(), "sam", "staff password");
    }

    private static Map<String, String> beneficiary(String name, String nationalId, String phone) {
        var form = new LinkedHashMap<String, String>();
        form.put("name", name);
        form.put("national_id", nationalId);
        form.put("phone", phone);
        form.put("address", "Kadıköy, İstanbul");
        form.put("household_size", "3");
        form.put("status", "active");
        form.put("notes", "");
        return form;
    }

    private static long head() {
        return node.database().sql().fetchOne("select last_seq from change_counter").get(0, Long.class);
    }

    private static long create(WebClient client, Map<String, String> form) {
        var answer = client.post("/records/beneficiaries", form);
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String group(Pattern pattern, String body) {
        var m = pattern.matcher(body);
        assertTrue(m.find(), "no " + pattern + " in the page");
        return m.group(1);
    }

    @Test
    void staleSaveIsRefusedShowingTheOtherChangeAndKeepingTheInput() throws Exception {
        long id = create(admin, beneficiary("Ayşe Kaya", "10000000146", "0532 123 45 67"));
        String rootsForm = admin.get("/records/beneficiaries/" + id + "/edit").body();
        String beasForm = bea.get("/records/beneficiaries/" + id + "/edit").body();
        long since = head();
        try (var page = SseClient.open(node.port(), "/live?topics=record:beneficiaries:" + id + "&since=" + since, null, "sb_session=" + admin.cookie("sb_session"))) {
            var beas = beneficiary("Ayşe Kaya", "10000000146", "+90 533 765 43 21");
            beas.put("version", group(VERSION, beasForm));
            beas.put("seen", group(SEEN, beasForm));
            assertEquals(303, bea.post("/records/beneficiaries/" + id, beas).statusCode());
            page.await("Bea's save on Root's open page", s -> s.events().stream().anyMatch(e -> e.event().equals("record-detail") && e.data().contains("+905337654321")),
                    Duration.ofSeconds(10));
        }

        var roots = beneficiary("Ayşe Kaya-Demir", "10000000146", "0532 123 45 67");
        roots.put("version", group(VERSION, rootsForm));
        roots.put("seen", group(SEEN, rootsForm));
        var refused = admin.post("/records/beneficiaries/" + id, roots);
        assertEquals(409, refused.statusCode());
        String body = refused.body();
        assertTrue(body.contains("id=\"conflict\""), body);
        assertTrue(body.contains("Bea at"), "who changed it is shown");
        assertTrue(body.contains("+905337654321"), "their value is shown");
        assertTrue(body.contains("value=\"Ayşe Kaya-Demir\""), "the typed name is kept");

        // Merge: keep Bea's phone, Root's name, save over the version the conflict page offers.
        var merged = beneficiary("Ayşe Kaya-Demir", "10000000146", "+905337654321");
        merged.put("version", group(VERSION, body));
        merged.put("seen", group(SEEN, body));
        assertEquals(303, admin.post("/records/beneficiaries/" + id, merged).statusCode());
        String shown = admin.get("/records/beneficiaries/" + id).body();
        assertTrue(shown.contains("Ayşe Kaya-Demir") && shown.contains("+905337654321"), "nothing lost after the merge");
    }

    @Test
    void invalidInputGetsAMessageOnItsFieldAndStoresNothing() {
        var badId = admin.post("/records/beneficiaries", beneficiary("Ali Veli", "10000000147", "0532 123 45 67"));
        assertEquals(422, badId.statusCode());
        assertTrue(badId.body().contains("id=\"error-national_id\""), badId.body());
        assertTrue(badId.body().contains("value=\"Ali Veli\""), "typed input is kept");
        var badPhone = admin.post("/records/beneficiaries", beneficiary("Ali Veli", "10000000146", "12345"));
        assertEquals(422, badPhone.statusCode());
        assertTrue(badPhone.body().contains("id=\"error-phone\""));

        var donation = new LinkedHashMap<>(Map.of("donor_name", "Deniz", "donor_contact", "", "amount", "-5", "currency", "XYZ",
                "method", "cash", "status", "received", "transaction_date", "2026-11-01", "notes", ""));
        var badDonation = admin.post("/records/donations", donation);
        assertEquals(422, badDonation.statusCode());
        assertTrue(badDonation.body().contains("id=\"error-amount\""));
        assertTrue(badDonation.body().contains("id=\"error-currency\""));
        assertFalse(admin.get("/records/beneficiaries?q=ali+veli").body().contains("Ali Veli</td>"));
        assertEquals(0, node.database().sql().fetchCount(switchboard.db.jooq.Tables.DONATIONS));
    }

    @Test
    void aChangeMadeWithPlainSqlAppearsInTheHistory() throws Exception {
        long id = create(admin, beneficiary("Gülşen Işık", "10000000214", ""));
        // Through the pool but outside the app's stores: no account is named, as with psql.
        node.database().sql().execute("update beneficiaries set address = 'Çankaya, Ankara' where id = " + id);
        String page = admin.get("/records/beneficiaries/" + id).body();
        assertTrue(page.contains("sql:"), "the database role is named");
        assertTrue(page.contains("<ins>Çankaya, Ankara</ins>"), page);
    }

    @Test
    void searchIgnoresTurkishDiacritics() {
        create(admin, beneficiary("Şükrü Öztürk", "10000000382", ""));
        assertTrue(admin.get("/records/beneficiaries?q=sukru+ozturk").body().contains("Şükrü Öztürk"));
        assertTrue(admin.get("/records/beneficiaries?q=%C5%9E%C3%9CKR%C3%9C").body().contains("Şükrü Öztürk"), "ŞÜKRÜ finds it too");
    }

    @Test
    void undoRestoresTheRecordEverywhere() {
        long id = create(admin, beneficiary("Zeynep Koç", "10000000450", ""));
        var deleted = admin.post("/records/beneficiaries/" + id + "/deletion", Shown.form(admin, "/records/beneficiaries/" + id));
        assertEquals(303, deleted.statusCode());
        String location = deleted.headers().firstValue("Location").orElseThrow();
        assertEquals("/records/beneficiaries?undo=" + id + "&version=2", location, "the Undo carries the version the deletion left");
        String list = admin.get(location).body();
        assertTrue(list.contains("/records/beneficiaries/" + id + "/restoration") && list.contains("name=\"version\" value=\"2\""), "the undo is offered");
        assertFalse(list.contains("r-beneficiaries-" + id + "\""), "the row is gone from the list");
        assertTrue(admin.get("/records/beneficiaries/trash").body().contains("Zeynep Koç"));
        assertEquals(303, admin.post("/records/beneficiaries/" + id + "/restoration", Shown.form(admin, location)).statusCode());
        assertTrue(admin.get("/records/beneficiaries").body().contains("r-beneficiaries-" + id + "\""));
        assertFalse(admin.get("/records/beneficiaries/trash").body().contains("Zeynep Koç"));
    }

    @Test
    void staffCannotReachDonationsOrFinanceByPagePostExportOrTopic() {
        assertEquals(200, sam.get("/records/beneficiaries").statusCode());
        assertEquals(200, sam.get("/records/tasks").statusCode());
        for (String path : new String[] {"/records/donations", "/records/donations/export", "/records/donations/new", "/records/finance",
                "/records/finance/export", "/records/donations/import", "/records/donations/1"}) {
            assertEquals(403, sam.get(path).statusCode(), path);
        }
        assertEquals(403, sam.post("/records/donations", Map.of("donor_name", "x")).statusCode());
        assertEquals(403, sam.post("/records/finance/1/reversal", Map.of()).statusCode());
        assertEquals(403, sam.post("/records/donations/import", Map.of("csv", "x")).statusCode());
        var sse = Map.of("Accept", "text/event-stream");
        assertEquals(403, sam.statusOnly("GET", "/live?topics=records:donations", sse).statusCode());
        assertEquals(403, sam.statusOnly("GET", "/live?topics=record:finance:1", sse).statusCode());
        assertEquals(200, sam.statusOnly("GET", "/live?topics=records:beneficiaries", sse).statusCode());
    }

    @Test
    void anAssignedTaskRingsTheAssigneesBellLive() throws Exception {
        long since = head();
        try (var bell = SseClient.open(node.port(), "/live?topics=notifications:" + samId + "&since=" + since, null, "sb_session=" + sam.cookie("sb_session"))) {
            var task = Map.of("title", "Deliver food parcel", "description", "", "assignee_id", "sam", "due_date", "", "priority", "high", "status", "open");
            assertEquals(303, admin.post("/records/tasks", task).statusCode());
            bell.await("the bell to ring", s -> s.events().stream().anyMatch(e -> e.event().equals("bell") && e.data().contains("data-unread=\"1\"")),
                    Duration.ofSeconds(10));
            bell.await("the open /notifications list to show it, unread", s -> s.events().stream().anyMatch(e -> e.event().equals("notification-list")
                    && e.data().contains("<li class=\"unread\"><a href=\"/records/tasks/") && e.data().contains("Task assigned to you: Deliver food parcel")),
                    Duration.ofSeconds(10));
        }
        assertTrue(sam.get("/notifications").body().contains("Task assigned to you: Deliver food parcel"));
        long task = node.database().sql().fetchOne("select max(id) from tasks").get(0, Long.class);
        String page = admin.get("/records/tasks/" + task).body();
        assertTrue(page.contains("<ins>sam</ins>"), "the history names the assignee as the form does, not by id: " + page);
    }

    @Test
    void deletingAReceivedDonationReversesItsIncomeAndUndoBooksItAgain() {
        var answer = admin.post("/records/donations", new LinkedHashMap<>(Map.of("donor_name", "Ayla Ünal", "donor_contact", "", "amount", "80.00",
                "currency", "GBP", "method", "transfer", "status", "received", "transaction_date", "2026-11-20", "notes", "")));
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        var sql = node.database().sql();
        String balance = "select coalesce(sum(case when entry = 'income' then amount else -amount end), 0)::text from finance where currency = 'GBP'";
        assertEquals("80.00", sql.fetchValue(balance));
        assertEquals(303, admin.post(location + "/deletion", Shown.form(admin, location)).statusCode());
        assertEquals("0.00", sql.fetchValue(balance), "a deleted donation's income is reversed");
        assertEquals(1, sql.fetchCount(switchboard.db.jooq.Tables.FINANCE, switchboard.db.jooq.Tables.FINANCE.SOURCE.eq("reversal")
                .and(switchboard.db.jooq.Tables.FINANCE.REVERSES_ID.isNotNull())));
        assertEquals(303, admin.post(location + "/restoration", Shown.form(admin, location)).statusCode());
        assertEquals("80.00", sql.fetchValue(balance), "undo books it again");
        assertEquals(303, admin.post(location + "/deletion", Shown.form(admin, location)).statusCode());
        assertEquals("0.00", sql.fetchValue(balance), "and a second deletion reverses that");
        sql.execute("alter table finance disable trigger finance_immutable");
        sql.execute("delete from finance");
        sql.execute("alter table finance enable trigger finance_immutable");
        sql.execute("delete from donations");
    }

    @Test
    void donationsImportIsAllOrNothingAndExportStreamsTheList() {
        String header = "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes\n";
        var refused = admin.post("/records/donations/import", Map.of("csv", header
                + "Deniz Ak,deniz@example.org,100,TRY,cash,received,2026-11-01,\n"
                + "Ece Su,,-3,EUR,card,received,2026-11-02,\n"));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Line 3, amount"), refused.body());
        assertEquals(0, node.database().sql().fetchCount(switchboard.db.jooq.Tables.DONATIONS), "nothing stored");
        var done = admin.post("/records/donations/import", Map.of("csv", header
                + "Deniz Ak,deniz@example.org,100,TRY,cash,received,2026-11-01,\n"
                + "\"Ece Su, Ltd\",,25.50,EUR,card,pledged,2026-11-02,\"a \"\"quoted\"\" note\"\n"));
        assertEquals(303, done.statusCode(), done.body());
        assertTrue(admin.get(done.headers().firstValue("Location").orElseThrow()).body().contains("Imported 2 donations"));
        assertEquals(1, node.database().sql().fetchCount(switchboard.db.jooq.Tables.FINANCE), "the received one is in the ledger");
        String csv = admin.get("/records/donations/export?currency=EUR").body();
        assertTrue(csv.startsWith("\uFEFFid,donor_name,"), "a byte order mark, for Excel: " + csv);
        assertTrue(csv.contains("\"Ece Su, Ltd\""));
        assertFalse(csv.contains("Deniz Ak"), "the filter applies");
        admin.post("/records/donations/import", Map.of("csv", "x")); // clean up nothing: a refused import stores nothing
        node.database().sql().execute("alter table finance disable trigger finance_immutable");
        node.database().sql().execute("delete from finance");
        node.database().sql().execute("alter table finance enable trigger finance_immutable");
        node.database().sql().execute("delete from donations");
    }

    @Test
    void aRequiredFieldOfOnlyInvisibleCharactersIsEmpty() {
        for (String invisible : new String[] {"\u200B", "\u200E\u200F", "\u2060", "\uFEFF", " \u00A0 "}) {
            var refused = admin.post("/records/beneficiaries", beneficiary(invisible, "10000000146", ""));
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("Name is required."), refused.body());
        }
        assertEquals(0, node.database().sql().fetchCount(switchboard.db.jooq.Tables.BENEFICIARIES,
                switchboard.db.jooq.Tables.BENEFICIARIES.NATIONAL_ID.eq("10000000146")));
    }

    @Test
    void anApplicationKeepsItsBeneficiaryWhileTheyAreInTheTrash() {
        long person = create(admin, beneficiary("Nur Ay", "10000009156", ""));
        var form = new LinkedHashMap<>(Map.of("beneficiary_id", String.valueOf(person), "aid_kind", "rent", "amount_requested", "100.00",
                "currency", "EUR", "handler_id", "", "notes", ""));
        var made = admin.post("/records/applications", form);
        assertEquals(303, made.statusCode(), made.body());
        String application = made.headers().firstValue("Location").orElseThrow();
        String beneficiary = "/records/beneficiaries/" + person;
        assertEquals(303, admin.post(beneficiary + "/deletion", Shown.form(admin, beneficiary)).statusCode());
        form.put("notes", "called back");
        form.put("version", Shown.version(admin, application + "/edit"));
        var saved = admin.post(application, form);
        assertEquals(303, saved.statusCode(), "its other fields can still be saved: " + saved.body());
        form.remove("version");
        var another = admin.post("/records/applications", form);
        assertEquals(422, another.statusCode(), "a new application names a beneficiary on file");
        assertTrue(another.body().contains("There is no beneficiary #" + person), another.body());
    }

    @Test
    void aTakenNationalIdNamesItsHolderAndTheTrash() {
        long first = create(admin, beneficiary("Can Er", "10000008166", ""));
        var again = admin.post("/records/beneficiaries", beneficiary("Can Er", "100 000 081 66", ""));
        assertEquals(422, again.statusCode());
        assertTrue(again.body().contains("Beneficiary #" + first + " has this national id."), again.body());
        String path = "/records/beneficiaries/" + first;
        assertEquals(303, admin.post(path + "/deletion", Shown.form(admin, path)).statusCode());
        var trashed = admin.post("/records/beneficiaries", beneficiary("Can Er", "10000008166", ""));
        assertEquals(422, trashed.statusCode());
        assertTrue(trashed.body().contains("is in the trash: restore them"), trashed.body());
    }
}
