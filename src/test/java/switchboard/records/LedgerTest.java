package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/**
 * The ledger always matches what it books (V22): booked money is not edited, only refunded or
 * deleted, and an entry is reversed at most once even when a reversal and a deletion race.
 */
class LedgerTest extends AdminNodeTest {
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");
    private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"(\\d+)\"");
    /** Income less expenses, reversals included, per currency: what the finance page shows. */
    private static final String BALANCES = "select currency, sum(case when entry = 'income' then amount else -amount end) from finance group by currency";
    /** What the donations say the ledger should hold: each live received donation's amount. */
    private static final String RECEIVED = "select currency, sum(amount) from donations where status = 'received' and deleted_at is null group by currency";

    private static long created(String path, Map<String, String> form) {
        var answer = admin.post(path, form);
        assertEquals(303, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static Map<String, String> donation(String amount, String currency, String status) {
        var form = new LinkedHashMap<String, String>();
        form.put("donor_name", "Deniz Arslan");
        form.put("donor_contact", "");
        form.put("amount", amount);
        form.put("currency", currency);
        form.put("method", "transfer");
        form.put("status", status);
        form.put("transaction_date", "2026-11-20");
        form.put("notes", "");
        return form;
    }

    private static String group(Pattern pattern, String body) {
        var m = pattern.matcher(body);
        assertTrue(m.find(), "no " + pattern + " in the page");
        return m.group(1);
    }

    /** Saves {@code form} over record {@code path} at the version its edit form shows now. */
    private static java.net.http.HttpResponse<String> save(String path, Map<String, String> form) {
        String page = admin.get(path + "/edit").body();
        var posted = new LinkedHashMap<>(form);
        posted.put("version", group(VERSION, page));
        posted.put("seen", group(SEEN, page));
        return admin.post(path, posted);
    }

    private static Map<String, java.math.BigDecimal> sums(String query) {
        var sums = new java.util.TreeMap<String, java.math.BigDecimal>();
        node.database().sql().fetch(query).forEach(r -> {
            var sum = r.get(1, java.math.BigDecimal.class);
            if (sum.signum() != 0) {
                sums.put(r.get(0, String.class), sum.stripTrailingZeros());
            }
        });
        return sums;
    }

    private static void assertLedgerMatchesDonations(String when) {
        assertEquals(sums(RECEIVED), sums(BALANCES), "the ledger's balances are the received donations, " + when);
    }

    @Test
    void aReceivedDonationsMoneyCannotBeEditedOnlyRefundedAndTheLedgerAlwaysMatches() {
        long id = created("/records/donations", donation("100.00", "CHF", "received"));
        String path = "/records/donations/" + id;
        assertLedgerMatchesDonations("after it was received");
        var digest = switchboard.testing.Stored.digest(node.database().sql());

        var bigger = save(path, donation("150.00", "CHF", "received"));
        assertEquals(422, bigger.statusCode());
        assertTrue(bigger.body().contains("its amount and currency cannot change"), bigger.body());
        assertTrue(bigger.body().contains("value=\"150.00\""), "what was typed is kept");
        assertEquals(422, save(path, donation("100.00", "EUR", "received")).statusCode(), "nor its currency");
        var back = save(path, donation("100.00", "CHF", "pledged"));
        assertEquals(422, back.statusCode());
        assertTrue(back.body().contains("cannot go back to pledged"), back.body());
        assertEquals(digest, switchboard.testing.Stored.digest(node.database().sql()), "every refusal stored nothing");

        var notes = donation("100.00", "CHF", "received");
        notes.put("notes", "thank-you letter sent");
        assertEquals(303, save(path, notes).statusCode(), "everything but the booked money stays editable");
        assertEquals(303, save(path, donation("100.00", "CHF", "refunded")).statusCode());
        assertLedgerMatchesDonations("after the refund");
        assertEquals(422, save(path, donation("100.00", "CHF", "received")).statusCode(), "a refund is final");
        assertEquals(422, save(path, donation("90.00", "CHF", "refunded")).statusCode());
        assertLedgerMatchesDonations("at the end");

        // A pledge is not on the books: its amount may change until it is received.
        long pledge = created("/records/donations", donation("10", "CHF", "pledged"));
        assertEquals(303, save("/records/donations/" + pledge, donation("12.50", "CHF", "pledged")).statusCode());
        assertEquals(303, save("/records/donations/" + pledge, donation("12.50", "CHF", "received")).statusCode());
        assertLedgerMatchesDonations("after a pledge was received");
    }

    @Test
    void aPaidApplicationsAmountAndCurrencyAreFixed() {
        var person = new LinkedHashMap<String, String>();
        person.put("name", "Hatice Aydın");
        person.put("national_id", "10000000764");
        person.put("phone", "0532 123 45 67");
        person.put("address", "Üsküdar");
        person.put("household_size", "4");
        person.put("status", "active");
        person.put("notes", "");
        long beneficiary = created("/records/beneficiaries", person);
        var form = new LinkedHashMap<String, String>();
        form.put("beneficiary_id", String.valueOf(beneficiary));
        form.put("aid_kind", "rent");
        form.put("amount_requested", "300.00");
        form.put("currency", "SEK");
        form.put("handler_id", "");
        form.put("notes", "");
        long app = created("/records/applications", form);
        String path = "/records/applications/" + app;
        var edited = new LinkedHashMap<>(form);
        edited.put("amount_requested", "320.00");
        assertEquals(303, save(path, edited).statusCode(), "before it is paid, the amount may change");
        for (String step : new String[] {"in_review", "approved", "paid"}) {
            var move = new LinkedHashMap<String, String>();
            move.put("status", step);
            move.put("version", group(VERSION, admin.get(path + "/edit").body()));
            assertEquals(303, admin.post(path + "/status", move).statusCode(), step);
        }
        var digest = switchboard.testing.Stored.digest(node.database().sql());
        edited.put("amount_requested", "900.00");
        edited.put("currency", "DKK");
        var refused = save(path, edited);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("payment is on the books"), refused.body());
        assertEquals(digest, switchboard.testing.Stored.digest(node.database().sql()));
        assertEquals("-320.00", node.database().sql().fetchValue(
                "select sum(case when entry = 'income' then amount else -amount end)::text from finance where currency = 'SEK'"));
    }

    @Test
    void anEntryALiveDonationBooksIsNotReversedByHandTheDonationIsRefundedInstead() {
        long id = created("/records/donations", donation("50", "CHF", "received"));
        long entry = node.database().sql().fetchOne("select id from finance where source = 'donation' and source_id = " + id).get(0, Long.class);
        assertFalse(admin.get("/records/finance/" + entry).body().contains("/reversal"), "no Reverse button for it");
        var refused = admin.post("/records/finance/" + entry + "/reversal", Map.of());
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("donation #" + id) && refused.body().contains("Refund or delete the donation"), refused.body());
        assertLedgerMatchesDonations("after a refused reversal");
        var refunded = donation("50", "CHF", "refunded");
        assertEquals(303, save("/records/donations/" + id, refunded).statusCode());
        assertEquals(Map.of(), sums(BALANCES.replace("from finance", "from finance where source_id = " + id + " and source in ('donation', 'refund')")),
                "a refund takes it off the books once");
    }

    @Test
    void aReversalAndADeletionAtTheSameInstantReverseAnEntryOnce() throws Exception {
        var answers = new ArrayList<Integer>();
        for (int round = 0; round < 12; round++) {
            long id = created("/records/donations", donation("7", "NOK", "received"));
            long entry = node.database().sql().fetchOne("select id from finance where source = 'donation' and source_id = " + id).get(0, Long.class);
            String version = group(VERSION, admin.get("/records/donations/" + id + "/edit").body());
            var start = new CountDownLatch(1);
            var reversal = CompletableFuture.supplyAsync(() -> await(start, () -> admin.post("/records/finance/" + entry + "/reversal", Map.of())));
            var deletion = CompletableFuture.supplyAsync(() -> await(start, () -> admin.post("/records/donations/" + id + "/deletion", Map.of("version", version))));
            start.countDown();
            answers.add(reversal.get().statusCode());
            answers.add(deletion.get().statusCode());
        }
        assertTrue(answers.stream().allMatch(s -> s == 303 || s == 409), "only 303 or 409, never a 500: " + answers);
        assertEquals(0, node.database().sql().fetch("select reverses_id from finance where reverses_id is not null group by reverses_id having count(*) > 1").size(),
                "no entry reversed twice");
        assertEquals(Map.of(), sums("select currency, sum(case when entry = 'income' then amount else -amount end) from finance where currency = 'NOK' group by currency"),
                "every NOK donation was deleted: nothing of them is left on the books");
    }

    private static java.net.http.HttpResponse<String> await(CountDownLatch start, java.util.function.Supplier<java.net.http.HttpResponse<String>> request) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return request.get();
    }

    @Test
    void onlyAReceivedDonationIsRefunded() {
        var digest = switchboard.testing.Stored.digest(node.database().sql());
        var made = admin.post("/records/donations", donation("40", "CHF", "refunded"));
        assertEquals(422, made.statusCode(), "a new donation is not refunded");
        assertTrue(made.body().contains("Only a received donation can be refunded"), made.body());
        assertEquals(digest, switchboard.testing.Stored.digest(node.database().sql()));
        long id = created("/records/donations", donation("40", "CHF", "pledged"));
        assertEquals(422, save("/records/donations/" + id, donation("40", "CHF", "refunded")).statusCode(), "nor a pledge");
        assertEquals(303, save("/records/donations/" + id, donation("40", "CHF", "received")).statusCode());
        assertEquals(303, save("/records/donations/" + id, donation("40", "CHF", "refunded")).statusCode(), "received, then refunded");
        assertLedgerMatchesDonations("after a pledge was received and refunded");
    }

    @Test
    void openDonationAndLedgerListsShowNewTotalsLive() throws Exception {
        long since = node.database().sql().fetchOne("select last_seq from change_counter").get(0, Long.class);
        String cookie = "sb_session=" + admin.cookie("sb_session");
        try (var donations = switchboard.testing.SseClient.open(node.port(), "/live?topics=records:donations&since=" + since, null, cookie);
                var ledger = switchboard.testing.SseClient.open(node.port(), "/live?topics=records:finance&since=" + since, null, cookie)) {
            long id = created("/records/donations", donation("7.25", "PLN", "pledged"));
            assertEquals(303, save("/records/donations/" + id, donation("7.25", "PLN", "received")).statusCode());
            var wait = java.time.Duration.ofSeconds(10);
            donations.await("the received total", c -> c.events().stream().anyMatch(e -> e.event().equals("record-totals") && e.data().contains("7.25 PLN")), wait);
            ledger.await("the balance", c -> c.events().stream().anyMatch(e -> e.event().equals("record-totals") && e.data().contains("7.25 PLN")), wait);
        }
        assertTrue(admin.get("/records/donations?status=pledged").body().contains("whatever the filters"), "a filtered list says what its totals cover");
    }
}
