package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.Stored;

/** Money in each currency's own decimals and one range for every date, on forms, CSV import and meeting parts; a refusal stores nothing. */
class RecordsInputTest extends AdminNodeTest {
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"(\\d+)\"");

    private static Map<String, String> donation(String amount, String currency) {
        return new LinkedHashMap<>(Map.of("donor_name", "Deniz Ak", "donor_contact", "", "amount", amount, "currency", currency,
                "method", "cash", "status", "pledged", "transaction_date", "2026-11-01", "notes", ""));
    }

    private static void refused(String path, Map<String, String> form, String field, String message) {
        var before = Stored.digest(node.database().sql());
        var answer = admin.post(path, form);
        assertEquals(422, answer.statusCode(), form + ": " + answer.body());
        int at = answer.body().indexOf("id=\"error-" + field + "\"");
        assertTrue(at > 0 && answer.body().indexOf(message, at) > 0, form + " should say " + message);
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored after " + form);
    }

    @org.junit.jupiter.api.AfterEach
    void noDonationsLeft() {
        node.database().sql().execute("delete from donations where status <> 'received'");
    }

    @Test
    void anAmountHasAtMostItsCurrencysDecimals() {
        refused("/records/donations", donation("1.5", "JPY"), "amount", "JPY has no decimals.");
        refused("/records/donations", donation("10.123", "EUR"), "amount", "EUR takes at most 2 decimals.");
        refused("/records/donations", donation("1.2345", "KWD"), "amount", "KWD takes at most 3 decimals.");
        for (String currency : new String[] {"XXX", "XTS", "XAU", "VEF", "ZWL", "ABC"}) {
            refused("/records/donations", donation("10", currency), "currency", "is not a currency in use");
        }
        var application = new LinkedHashMap<>(Map.of("beneficiary_id", "", "aid_kind", "cash", "amount_requested", "1.5", "currency", "JPY",
                "handler_id", "", "notes", ""));
        var answer = admin.post("/records/applications", application);
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("JPY has no decimals."), "applications follow the same rule");
        for (var ok : new String[][] {{"1500", "JPY"}, {"1.234", "KWD"}, {"0.125", "BHD"}, {"25.50", "EUR"}, {"500", "XOF"}}) {
            assertEquals(303, admin.post("/records/donations", donation(ok[0], ok[1])).statusCode(), ok[0] + " " + ok[1]);
        }
        assertEquals(5, node.database().sql().fetchCount(switchboard.db.jooq.Tables.DONATIONS));
        assertEquals(new java.math.BigDecimal("1.234"), node.database().sql().fetchOne("select amount from donations where currency = 'KWD'").get(0, java.math.BigDecimal.class),
                "stored as written, not rounded to 2 decimals");
        node.database().sql().execute("delete from donations");
    }

    @Test
    void anAmountsMessageSaysTheRuleItBreaks() {
        assertEquals(303, admin.post("/records/donations", donation("999999999999.999", "KWD")).statusCode(), "twelve digits before the point");
        assertEquals(new java.math.BigDecimal("999999999999.999"), node.database().sql().fetchValue("select amount from donations where currency = 'KWD'"));
        refused("/records/donations", donation("999999999999.995", "EUR"), "amount", "EUR takes at most 2 decimals.");
        refused("/records/donations", donation("1000000000000", "EUR"), "amount", "An amount has at most 12 digits before the point.");
        refused("/records/donations", donation("1000000000000.5", "KWD"), "amount", "An amount has at most 12 digits before the point.");
        node.database().sql().execute("delete from donations");
    }

    @Test
    void bookedMoneysRefusalIsOnTheFieldThatWasChanged() {
        var received = donation("10", "EUR");
        received.put("status", "received");
        String page = admin.post("/records/donations", received).headers().firstValue("Location").orElseThrow();
        var currency = drawnAt(page + "/edit");
        currency.putAll(received);
        currency.put("currency", "USD");
        var before = Stored.digest(node.database().sql());
        var answer = admin.post(page, currency);
        assertEquals(422, answer.statusCode(), answer.body());
        int at = answer.body().indexOf("id=\"error-currency\"");
        assertTrue(at > 0 && answer.body().indexOf("cannot change", at) > 0, "on the currency: " + answer.body());
        assertTrue(answer.body().indexOf("id=\"error-amount\"") < 0, "not on the amount, which was not changed");
        var amount = drawnAt(page + "/edit");
        amount.putAll(received);
        amount.put("amount", "12");
        var other = admin.post(page, amount);
        assertEquals(422, other.statusCode(), other.body());
        assertTrue(other.body().indexOf("id=\"error-amount\"") > 0 && other.body().indexOf("id=\"error-currency\"") < 0, other.body());
        assertEquals(before, Stored.digest(node.database().sql()));
        var sql = node.database().sql();
        sql.execute("alter table finance disable trigger finance_immutable");
        sql.execute("delete from finance");
        sql.execute("alter table finance enable trigger finance_immutable");
        sql.execute("delete from donations");
    }

    @Test
    void theImportChecksDecimalsPerCurrencyToo() {
        var before = Stored.digest(node.database().sql());
        var answer = admin.post("/records/donations/import", Map.of("csv", "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes\n"
                + "Deniz Ak,,1.5,JPY,cash,pledged,2026-11-01,\nEce Su,,10,XAU,cash,pledged,2026-11-01,\nAli,,5,EUR,cash,pledged,1899-12-31,\n"));
        assertEquals(422, answer.statusCode());
        assertTrue(answer.body().contains("Line 2, amount: JPY has no decimals."), answer.body());
        assertTrue(answer.body().contains("Line 3, currency:"), answer.body());
        assertTrue(answer.body().contains("Line 4, transaction_date: " + RecordRules.DATE_RANGE), answer.body());
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void recordsKnowTheDashboardsCurrenciesWithTheSameMinorUnits() {
        // The dashboard's currencies table (V10) is a whitelist for wagers; every code in it is money here with the same decimals.
        for (var r : node.database().sql().fetch("select code, minor_units from currencies")) {
            assertEquals(r.get(1, Integer.class), Money.minorUnits(r.get(0, String.class)).orElse(-1), r.get(0, String.class));
        }
    }

    @Test
    void anActionItemsDueDateMeetsTheTaskDateRule() {
        var meeting = admin.post("/records/meetings", new LinkedHashMap<>(Map.of("title", "Board", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root", "notes", "")));
        assertEquals(303, meeting.statusCode(), meeting.body());
        String page = meeting.headers().firstValue("Location").orElseThrow();
        assertEquals(303, admin.post(page + "/decisions", drawnAt(page, "text", "Rent the hall")).statusCode());
        String decision = String.valueOf(node.database().sql().fetchValue("select max(id) from meeting_decisions"));
        for (String due : new String[] {"0000-01-01", "9999-12-31", "1899-12-31", "2201-01-01"}) {
            var before = Stored.digest(node.database().sql());
            var answer = admin.post(page + "/items", drawnAt(page, "decision", decision, "title", "Book it", "assignee", "", "due", due));
            assertEquals(422, answer.statusCode(), due);
            assertTrue(answer.body().contains(RecordRules.DATE_RANGE), due + ": " + answer.body());
            assertEquals(before, Stored.digest(node.database().sql()), due);
        }
        var task = new LinkedHashMap<>(Map.of("title", "t", "description", "", "assignee_id", "", "due_date", "9999-12-31", "priority", "low", "status", "open"));
        assertTrue(admin.post("/records/tasks", task).body().contains(RecordRules.DATE_RANGE), "the task form says the same");
        assertEquals(303, admin.post(page + "/items", drawnAt(page, "decision", decision, "title", "Book it", "assignee", "", "due", "2200-12-31")).statusCode());
    }

    @Test
    void decisionsAndActionItemsOfOnlyInvisibleCharactersAreEmpty() {
        var meeting = admin.post("/records/meetings", new LinkedHashMap<>(Map.of("title", "Invisible", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root", "notes", "")));
        String page = meeting.headers().firstValue("Location").orElseThrow();
        assertEquals(303, admin.post(page + "/decisions", drawnAt(page, "text", "Rent the hall")).statusCode());
        String decision = String.valueOf(node.database().sql().fetchValue("select max(id) from meeting_decisions"));
        assertEquals(303, admin.post(page + "/items", drawnAt(page, "decision", decision, "title", "Book it", "assignee", "", "due", "")).statusCode());
        String item = String.valueOf(node.database().sql().fetchValue("select max(id) from action_items"));
        for (String blank : new String[] {"\u200B", "\u200E\u200F", "\uFEFF", "\u2060", "\u00AD", "\u3164", " \u200B \u3164 "}) {
            var before = Stored.digest(node.database().sql());
            for (String path : new String[] {page + "/decisions", page + "/decisions/" + decision}) {
                var answer = admin.post(path, drawnAt(page, "text", blank));
                assertEquals(422, answer.statusCode(), path + " " + blank.codePoints().boxed().toList());
                assertTrue(answer.body().contains("Decision is required."), answer.body());
            }
            for (String path : new String[] {page + "/items", page + "/items/" + item}) {
                var answer = admin.post(path, drawnAt(page, "decision", decision, "title", blank, "assignee", "", "due", ""));
                assertEquals(422, answer.statusCode(), path + " " + blank.codePoints().boxed().toList());
                assertTrue(answer.body().contains("Action item is required."), answer.body());
            }
            var donor = donation("10", "EUR");
            donor.put("donor_name", blank);
            refused("/records/donations", donor, "donor_name", "Donor is required.");
            assertEquals(before, Stored.digest(node.database().sql()));
        }
    }

    @Test
    void singleLineFieldsRefuseLineBreaksAndTabsAndMultiLineFieldsKeepThem() {
        for (String broken : new String[] {"Ada\nLovelace", "Ada\r\nLovelace", "Ada\rLovelace"}) {
            var donor = donation("10", "EUR");
            donor.put("donor_name", broken);
            refused("/records/donations", donor, "donor_name", "Donor is a single line: remove the line break.");
        }
        var tabbed = donation("10", "EUR");
        tabbed.put("donor_contact", "ada@example.org\tmobile");
        refused("/records/donations", tabbed, "donor_contact", "Donor contact is a single line: replace the tab with a space.");
        var beneficiary = new LinkedHashMap<>(Map.of("name", "Ayşe", "national_id", "", "phone", "", "address", "Kadıköy\r\nİstanbul",
                "household_size", "1", "status", "active", "notes", ""));
        refused("/records/beneficiaries", beneficiary, "address", "Address is a single line: remove the line break.");
        var task = new LinkedHashMap<>(Map.of("title", "Call\nback", "description", "", "assignee_id", "", "due_date", "", "priority", "low", "status", "open"));
        refused("/records/tasks", task, "title", "Title is a single line: remove the line break.");

        var notes = donation("10", "EUR");
        notes.put("donor_name", "  Ada Lovelace\r\n");
        notes.put("notes", "first line\r\n\tsecond line");
        assertEquals(303, admin.post("/records/donations", notes).statusCode(), "a line break around a name is white space; notes keep theirs");
        assertEquals("Ada Lovelace|first line\r\n\tsecond line", node.database().sql().fetchValue("select donor_name || '|' || notes from donations"));

        var meeting = admin.post("/records/meetings", new LinkedHashMap<>(Map.of("title", "Lines", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root", "notes", "")));
        String page = meeting.headers().firstValue("Location").orElseThrow();
        assertEquals(303, admin.post(page + "/decisions", drawnAt(page, "text", "Rent the hall\r\nfor two days")).statusCode(), "a decision is a textarea");
        String decision = String.valueOf(node.database().sql().fetchValue("select max(id) from meeting_decisions"));
        var before = Stored.digest(node.database().sql());
        var item = admin.post(page + "/items", drawnAt(page, "decision", decision, "title", "Book\nit", "assignee", "", "due", ""));
        assertEquals(422, item.statusCode());
        assertTrue(item.body().contains("Action item is a single line: remove the line break."), item.body());
        var line = admin.post("/records/donations/import", Map.of("csv", "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes\n"
                + "\"Ada\nLovelace\",,10,EUR,cash,pledged,2026-11-01,\"two\nlines\"\n"));
        assertEquals(422, line.statusCode());
        assertTrue(line.body().contains("Line 2, donor_name: Donor is a single line: remove the line break."), line.body());
        assertEquals(before, Stored.digest(node.database().sql()));
        node.database().sql().execute("delete from donations");
    }

    @Test
    void aControlCharacterIsRefusedOnItsFieldWithWhatWasTypedKept() {
        String[][] cases = {{"\u0001", "U+0001"}, {"\u000B", "U+000B"}, {"\u2028", "U+2028"}, {"\u202E", "U+202E, a text-direction control"}, {"\u0000", "U+0000"}};
        for (String[] c : cases) {
            var donor = donation("10", "EUR");
            donor.put("donor_name", "Ada" + c[0] + "nimda");
            donor.put("donor_contact", "kept@example.org");
            refused("/records/donations", donor, "donor_name", "Donor contains an invisible control character (" + c[1] + "); remove it.");
            var notes = donation("10", "EUR");
            notes.put("notes", "line" + c[0] + "break");
            refused("/records/donations", notes, "notes", "Notes contains an invisible control character (" + c[1] + "); remove it.");
        }
        var donor = donation("10", "EUR");
        donor.put("donor_name", "Ada\u000Bnimda");
        donor.put("donor_contact", "kept@example.org");
        var answer = admin.post("/records/donations", donor);
        assertTrue(answer.body().contains("value=\"kept@example.org\""), "the other fields are kept: " + answer.body());
        assertTrue(answer.body().contains("value=\"Ada\u000Bnimda\""), "and the field itself, to fix it there");

        var meeting = admin.post("/records/meetings", new LinkedHashMap<>(Map.of("title", "Controls", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "Hall", "attendees", "root", "notes", "")));
        String page = meeting.headers().firstValue("Location").orElseThrow();
        var before = Stored.digest(node.database().sql());
        var decision = admin.post(page + "/decisions", drawnAt(page, "text", "Rent\u0001 the hall"));
        assertEquals(422, decision.statusCode(), decision.body());
        assertTrue(decision.body().contains("Decision contains an invisible control character (U+0001); remove it."), decision.body());
        assertTrue(decision.body().contains("Rent\u0001 the hall"), "kept");
        var line = admin.post("/records/donations/import", Map.of("csv", "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes\n"
                + "Deniz Ak,,10,EUR,cash,pledged,2026-11-01,a\u0000b\n"));
        assertEquals(422, line.statusCode(), line.body());
        assertTrue(line.body().contains("Line 2, notes: Notes contains an invisible control character (U+0000); remove it."), line.body());
        var file = admin.multipart("/records/donations/import", Map.of("csv", ""), "file", "nul.csv",
                "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes\nDeniz\u0000 Ak,,10,EUR,cash,pledged,2026-11-01,\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(422, file.statusCode(), "a file's text never passed the request edge: " + file.body());
        assertTrue(file.body().contains("Line 2, donor_name: Donor contains an invisible control character (U+0000)"), file.body());
        assertEquals(before, Stored.digest(node.database().sql()));
        var chat = admin.post("/chat/threads", Map.of("title", "Ada\u000B", "members", ""));
        assertEquals(400, chat.statusCode(), "other routes keep the edge's check");
    }

    private static Map<String, String> drawnAt(String path, String... pairs) {
        String body = admin.get(path).body();
        var version = VERSION.matcher(body);
        var seen = SEEN.matcher(body);
        assertTrue(version.find() && seen.find(), body);
        var form = new LinkedHashMap<>(Map.of("version", version.group(1), "seen", seen.group(1)));
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void unknownListParametersAre400AndPagesAKindDoesNotHaveAre404() {
        for (String path : new String[] {"/records/donations?currency=zzz", "/records/finance?currency=zzz", "/records/donations/export?currency=ABC",
            "/records/applications?count=bogus", "/records/tasks?count=EXACT"}) {
            var answer = admin.get(path);
            assertEquals(400, answer.statusCode(), path);
            assertTrue(answer.body().contains("is not a currency") || answer.body().contains("count is 'exact'"), path + ": " + answer.body());
        }
        assertEquals(200, admin.get("/records/donations?currency=hrk").statusCode(), "a withdrawn currency still filters what was recorded in it");
        assertEquals(200, admin.get("/records/tasks?count=exact").statusCode());
        for (String path : new String[] {"/records/finance/new", "/records/finance/trash", "/records/finance/import", "/records/tasks/import", "/records/meetings/nope"}) {
            var answer = admin.get(path);
            assertEquals(404, answer.statusCode(), path);
            assertTrue(answer.body().contains("There is no page " + path), path + ": " + answer.body());
        }
        assertEquals(400, admin.get("/records/tasks/12x").statusCode(), "a damaged number is still a 400");
    }

    @Test
    void whatAPersonSeesIsWhatIsCountedAndNothingIsDroppedSilently() {
        var attendees = admin.post("/records/meetings", new LinkedHashMap<>(Map.of("title", "Crowded", "starts_at", "2026-12-03T09:00",
                "organizer_id", "root", "location", "Hall", "attendees", String.join(", ", java.util.Collections.nCopies(60, "root")) + ", ROOT", "notes", "")));
        assertEquals(303, attendees.statusCode(), "one person named 61 times is one attendee: " + attendees.body());
        assertEquals(1L, node.database().sql().fetchValue("select count(*) from meeting_attendees where meeting_id = (select max(id) from meetings)"));

        var composed = donation("10", "EUR");
        composed.put("donor_name", "e\u0301".repeat(200));
        assertEquals(303, admin.post("/records/donations", composed).statusCode(), "200 é typed as e + a combining accent: 200 characters");
        assertEquals("\u00e9".repeat(200), node.database().sql().fetchValue("select donor_name from donations"), "stored composed (NFC)");
        composed.put("donor_name", "e\u0301".repeat(201));
        refused("/records/donations", composed, "donor_name", "is at most 200 characters (this is 201).");

        var beneficiary = new LinkedHashMap<>(Map.of("name", "Ayşe", "national_id", "", "phone", "+90 532 123 45 67 ext. 12", "address", "",
                "household_size", "1", "status", "active", "notes", ""));
        refused("/records/beneficiaries", beneficiary, "phone", "has no extension (this has ext. 12)");

        var task = admin.post("/records/tasks", new LinkedHashMap<>(Map.of("title", "t", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open")));
        String path = task.headers().firstValue("Location").orElseThrow();
        var seen = admin.post(path, new LinkedHashMap<>(Map.of("title", "t", "description", "", "assignee_id", "", "due_date", "",
                "priority", "low", "status", "open", "version", "1", "seen", "x")));
        assertEquals(400, seen.statusCode());
        assertTrue(seen.body().replace("&#39;", "'").contains("The 'seen' field of the form (the history entry it was opened at) must be"), seen.body());
        String nationalId = java.util.stream.LongStream.iterate(10_000_000_000L, n -> n + 1).mapToObj(String::valueOf)
                .filter(RecordRules::validNationalId).findFirst().orElseThrow();
        var sql = node.database().sql();
        Object beneficiaryId = sql.fetchValue("insert into beneficiaries (name, national_id, household_size, status) values ('Ayşe', ?, 1, 'active') returning id", nationalId);
        Object application = sql.fetchValue("insert into applications (beneficiary_id, aid_kind, amount_requested) values (?, 'food', 10.00) returning id", beneficiaryId);
        var step = admin.post("/records/applications/" + application + "/status", Map.of("status", "in-review", "version", "1"));
        assertEquals(400, step.statusCode());
        assertTrue(step.body().contains("in review, approved, rejected or paid"), step.body());
        var impossible = admin.post("/records/applications/" + application + "/status", Map.of("status", "paid", "version", "1"));
        assertEquals(409, impossible.statusCode());
        assertTrue(!impossible.body().contains("in_review") && impossible.body().contains("cannot move to paid"), impossible.body());
        sql.execute("delete from applications");
        sql.execute("delete from beneficiaries");
        node.database().sql().execute("delete from donations");
    }

    @Test
    void lengthsCountCharactersAndListParametersTakeWhatPeopleType() {
        var donor = donation("10", "EUR");
        donor.put("donor_name", "🌻".repeat(200));
        assertEquals(303, admin.post("/records/donations", donor).statusCode(), "200 characters, 400 UTF-16 units");
        donor.put("donor_name", "🌻".repeat(201));
        refused("/records/donations", donor, "donor_name", "is at most 200 characters (this is 201).");
        var lower = admin.get("/records/donations?currency=eur");
        assertEquals(200, lower.statusCode(), "a currency filter in lower case is the same currency");
        assertTrue(lower.body().contains("🌻🌻🌻"), "and finds it");
        var sideways = admin.get("/records/donations?sort=amount&dir=sideways");
        assertEquals(400, sideways.statusCode());
        assertTrue(sideways.body().contains("asc or desc"), sideways.body());
        node.database().sql().execute("delete from donations");
    }
}
