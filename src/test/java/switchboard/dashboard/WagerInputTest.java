package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.IngestClient;
import switchboard.testing.WebClient;

/**
 * Money stays exactly what was sent, in every currency and at every size the rules allow, and
 * input that is not what the API takes is refused with a 4xx naming what to fix, never a 500
 * and never a silent change: the findings of a black-box review of the wager ingest.
 */
class WagerInputTest extends switchboard.testing.BookNodeTest {

    private static String placed(String wagerId, String customer, String amounts, String currency) {
        return "{\"type\":\"wager.placed\",\"wagerId\":\"" + wagerId + "\",\"customerId\":\"" + customer + "\",\"agentId\":\"north\","
                + amounts + ",\"currency\":\"" + currency + "\",\"market\":\"Final: winner\"}";
    }

    private static HttpResponse<String> post(String body) {
        return server.postRaw(body, "k-" + System.nanoTime());
    }

    private static String column(String column, String wagerId) {
        return node.database().sql().fetchOne("select " + column + "::text from wagers where ref = {0}", wagerId).get(0, String.class);
    }

    private static long wagers() {
        return node.database().sql().fetchOne("select count(*) from wagers").get(0, Long.class);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), response.headers().toString());
        if (field != null) {
            assertEquals(field, IngestClient.problem(response).get("field").asText(), response.body());
        }
        assertFalse(IngestClient.problem(response).get("detail").asText().isBlank());
    }

    @Test
    void amountsAreStoredExactlyInTheirCurrencysOwnDecimals() {
        // KWD has three minor units: nothing is rounded to two.
        assertEquals(204, post(placed("kwd-1", "kwd-c", "\"stake\":\"12.345\",\"odds\":\"2.0001\"", "KWD")).statusCode());
        assertEquals("12.345", column("stake", "kwd-1"));
        assertEquals("24.691", column("potential_payout", "kwd-1"), "stake × odds = 24.6912345, rounded down to the fils");
        assertEquals(204, post(placed("kwd-2", "kwd-c", "\"stake\":\"10\",\"potentialPayout\":\"10.004\"", "KWD")).statusCode());
        assertEquals("10.000", column("stake", "kwd-2"), "stored at the currency's scale");
        assertEquals(204, post("{\"type\":\"wager.settled\",\"wagerId\":\"kwd-2\",\"result\":\"won\",\"payout\":\"10.004\"}").statusCode());
        assertEquals("10.004", column("payout", "kwd-2"));
        // JSON numbers are read as written, never through double.
        assertEquals(204, post(placed("big-1", "big-c", "\"stake\":1000000000,\"potentialPayout\":99999999999999.99", "EUR")).statusCode());
        assertEquals("99999999999999.99", column("potential_payout", "big-1"));
        assertEquals(204, post(placed("jpy-1", "jpy-c", "\"stake\":500,\"odds\":2", "JPY")).statusCode());
        assertEquals("500", column("stake", "jpy-1"));
        assertEquals(204, post(placed("eur-1", "eur-c", "\"stake\":12.5,\"odds\":2", "EUR")).statusCode());
        assertEquals("12.50", column("stake", "eur-1"));
        // The tiles show each currency with its own decimals.
        var kpis = new KpiStore(node.database().sql()).kpis("book", "Whole book");
        var byCurrency = kpis.currencies().stream().collect(java.util.stream.Collectors.toMap(CurrencyKpis::currency, c -> c));
        for (var c : List.of(List.of("JPY", 0), List.of("EUR", 2), List.of("KWD", 3))) {
            var tile = byCurrency.get((String) c.get(0));
            for (BigDecimal amount : List.of(tile.revenue(), tile.pendingStake(), tile.liability())) {
                assertEquals((int) c.get(1), amount.scale(), c.get(0) + " " + amount);
            }
        }
    }

    @Test
    void amountsThatWouldChangeOnTheWayInAreRefused() {
        long before = wagers();
        // More decimals than any currency has, sent as a number: refused, not rounded to 25.
        assertRefused(post(placed("x-1", "x-c", "\"stake\":25.0000000000000001,\"odds\":2", "EUR")), 422, "events[0].stake");
        // Exponents, as numbers and as text, wherever they are.
        assertRefused(post(placed("x-2", "x-c", "\"stake\":1e3,\"odds\":2", "EUR")), 422, "events[0].stake");
        assertRefused(post(placed("x-2", "x-c", "\"stake\":\"1E3\",\"odds\":2", "EUR")), 422, "events[0].stake");
        assertRefused(post("[" + placed("x-3", "x-c", "\"stake\":10,\"odds\":2", "EUR") + "," + placed("x-4", "x-c", "\"stake\":10,\"odds\":2E0", "EUR") + "]"),
                422, "events[1].odds");
        assertRefused(post(placed("x-5", "x-c", "\"stake\":1.5e-2,\"odds\":2", "EUR")), 422, "events[0].stake");
        assertRefused(post("1e3"), 422, "events[0]");
        assertRefused(post("[1E3]"), 422, "events[0]");
        // A name given twice is not "the last one wins".
        assertRefused(post(placed("x-6", "x-c", "\"stake\":\"10\",\"stake\":\"-5\",\"odds\":2", "EUR")), 400, null);
        // A second value after the first is not silently dropped.
        assertRefused(post(placed("x-7", "x-c", "\"stake\":10,\"odds\":2", "EUR") + " garbage"), 400, null);
        assertRefused(post(placed("x-8", "x-c", "\"stake\":10,\"odds\":2", "EUR") + placed("x-9", "x-c", "\"stake\":10,\"odds\":2", "EUR")), 400, null);
        // Text that cannot be stored as sent.
        assertRefused(post(placed("x-10", "x-c", "\"stake\":10,\"odds\":2", "EUR").replace("Final: winner", "\\ud800")), 422, "events[0].market");
        assertRefused(post(placed("x-10", "x-c", "\"stake\":10,\"odds\":2", "EUR").replace("Final: winner", "Final: winner\\t")), 422, "events[0].market");
        assertRefused(post(placed("x-10", "x-c", "\"stake\":10,\"odds\":2", "EUR").replace("Final: winner", "\\nFinal")), 422, "events[0].market");
        assertRefused(post(placed("x-11", "x-c", "\"stake\":10,\"odds\":\"100001\"", "EUR")), 422, "events[0].odds");
        assertTrue(post(placed("x-11", "x-c", "\"stake\":10,\"odds\":\"100001\"", "EUR")).body().contains("above 1"));
        assertEquals(before, wagers());
        // 150 emoji are 150 characters (the limit is 200), not 300.
        assertEquals(204, post(placed("emoji-1", "x-c", "\"stake\":10,\"odds\":2", "EUR").replace("Final: winner", "🎉".repeat(150))).statusCode());
    }

    @Test
    void anAmountWithSpacesOrMoreDecimalsThanItsCurrencyIsRefusedSayingWhy() {
        long before = wagers();
        for (String amounts : List.of("\"stake\":\" 5\",\"odds\":2", "\"stake\":\"5 \",\"odds\":2", "\"stake\":\"\\t5\",\"odds\":2",
                "\"stake\":\"5\\n\",\"odds\":2", "\"stake\":5,\"odds\":\" 2\\t\"")) {
            var refused = post(placed("sp-1", "sp-c", amounts, "EUR"));
            assertRefused(refused, 422, amounts.contains("odds\":\"") ? "events[0].odds" : "events[0].stake");
            assertTrue(IngestClient.problem(refused).get("detail").asText().contains("plain decimal without spaces"), refused.body());
        }
        var eur = post(placed("dp-1", "dp-c", "\"stake\":25.0000000000000001,\"odds\":2", "EUR"));
        assertRefused(eur, 422, "events[0].stake");
        assertTrue(IngestClient.problem(eur).get("detail").asText().contains("EUR takes at most 2 decimals."), eur.body());
        var kwd = post(placed("dp-2", "dp-c", "\"stake\":\"1.0001\",\"odds\":2", "KWD"));
        assertTrue(IngestClient.problem(kwd).get("detail").asText().contains("KWD takes at most 3 decimals."), kwd.body());
        assertEquals(before, wagers());
    }

    @Test
    void zerosPastACurrencysDecimalsAreTakenEverywhereAndAnyOtherDigitIsRefused() {
        // The ingest API, as text and as a JSON number.
        assertEquals(204, post(placed("tz-1", "tz-c", "\"stake\":\"10.000\",\"odds\":2", "EUR")).statusCode());
        assertEquals("10.00", column("stake", "tz-1"));
        assertEquals(204, post(placed("tz-2", "tz-c", "\"stake\":\"10.00\",\"potentialPayout\":25.0", "JPY")).statusCode());
        assertEquals("10", column("stake", "tz-2"));
        assertEquals("25", column("potential_payout", "tz-2"));
        assertEquals(204, post(placed("tz-3", "tz-c", "\"stake\":10.0,\"odds\":2", "JPY")).statusCode());
        assertEquals("10", column("stake", "tz-3"));
        var extra = post(placed("tz-4", "tz-c", "\"stake\":\"10.001\",\"odds\":2", "EUR"));
        assertRefused(extra, 422, "events[0].stake");
        assertTrue(IngestClient.problem(extra).get("detail").asText().endsWith("EUR takes at most 2 decimals."), extra.body());
        // The admin's wager form.
        var form = new java.util.HashMap<>(Map.of("wagerId", "tz-5", "customerId", "tz-c", "agentId", "north", "stake", "10.000",
                "currency", "eur", "odds", "2", "market", "By hand"));
        assertEquals(303, admin.post("/admin/wagers", form).statusCode());
        assertEquals("10.00", column("stake", "tz-5"));
        form.putAll(Map.of("wagerId", "tz-6", "stake", "10.5", "currency", "JPY"));
        var yen = admin.post("/admin/wagers", form);
        assertEquals(400, yen.statusCode(), yen.body());
        assertTrue(yen.body().contains("JPY has no decimals."), yen.body());
        // The alert thresholds, a currency's and the book's.
        assertEquals(303, admin.post("/admin/alerts/currencies", Map.of("currency", "JPY", "currencyBigWager", "5000.00", "currencyExposure", "")).statusCode());
        assertEquals(303, admin.post("/admin/alerts/currencies", Map.of("currency", "EUR", "currencyBigWager", "", "currencyExposure", "5000.000")).statusCode());
        var sql = node.database().sql();
        assertEquals(List.of("EUR  5000.00", "JPY 5000 "), sql.fetch("select currency || ' ' || coalesce(big_wager::text, '') || ' ' || coalesce(customer_exposure::text, '')"
                + " from alert_currency_thresholds where currency in ('EUR', 'JPY') order by currency").getValues(0, String.class));
        var eur = admin.post("/admin/alerts/currencies", Map.of("currency", "EUR", "currencyBigWager", "5000.001", "currencyExposure", ""));
        assertEquals(400, eur.statusCode(), eur.body());
        assertTrue(eur.body().contains("Big wager in EUR is 5000.001: EUR takes at most 2 decimals."), eur.body());
        var book = admin.post("/admin/alerts", Map.of("bigWager", "5000.000", "liabilityJumpPct", "50", "customerExposure", "50000", "feedLagMs", "2000"));
        assertEquals(303, book.statusCode(), book.body());
        assertEquals("5000.00", sql.fetchOne("select big_wager::text from alert_settings").get(0, String.class));
        sql.execute("delete from alert_currency_thresholds where currency in ('EUR', 'JPY')");
        sql.execute("update alert_settings set big_wager = 5000");
    }

    @Test
    void anAmountTooLargeOrWithTooManyDecimalsIsRefusedSayingSo() {
        long before = wagers();
        String stake = detail(post(placed("ln-1", "ln-c", "\"stake\":\"99999999999999999999999999\",\"odds\":2", "EUR")), "events[0].stake");
        assertTrue(stake.contains("too large") && stake.contains("up to 1000000000;"), stake);
        String payout = detail(post(placed("ln-2", "ln-c", "\"stake\":10,\"potentialPayout\":" + "9".repeat(31), "EUR")), "events[0].potentialPayout");
        assertTrue(payout.contains("too large") && payout.contains("up to 100000000000000;"), payout);
        String decimals = detail(post(placed("ln-3", "ln-c", "\"stake\":\"1." + "0".repeat(5000) + "\",\"odds\":2", "EUR")), "events[0].stake");
        assertTrue(decimals.contains("5000 decimals"), decimals);
        String odds = detail(post(placed("ln-4", "ln-c", "\"stake\":10,\"odds\":\"2.00001\"", "EUR")), "events[0].odds");
        assertTrue(odds.contains("at most 4 decimals"), odds);
        // Longer than the JSON reader reads: a 422 at the field, in our words, not the parser's.
        for (String number : List.of("1".repeat(1200), "0." + "0".repeat(1200) + "1")) {
            var tooLong = post("[" + placed("ln-5", "ln-c", "\"stake\":10,\"odds\":2", "EUR") + "," + placed("ln-6", "ln-c", "\"stake\":" + number + ",\"odds\":2", "EUR") + "]");
            String text = detail(tooLong, "events[1].stake");
            assertTrue(text.contains("too long: at most 1000 digits"), text);
            assertFalse(text.contains("Constraints") || text.contains("Number value length"), text);
        }
        assertEquals(before, wagers());
        // Trailing zeros of a plain number within the digits read are taken (the currency's rule).
        assertEquals(204, post(placed("ln-7", "ln-c", "\"stake\":\"0010.5000\",\"odds\":\"2.50000\"", "EUR")).statusCode());
        assertEquals("10.50", column("stake", "ln-7"));
    }

    private static String detail(HttpResponse<String> response, String field) {
        assertRefused(response, 422, field);
        assertEquals("rule-violation", IngestClient.problem(response).get("type").asText().replaceAll(".*#", ""), response.body());
        return IngestClient.problem(response).get("detail").asText();
    }

    @Test
    void aVoidReturnsTheStakeAndAWinPaysSomething() {
        assertEquals(204, post(placed("v-1", "v-c", "\"stake\":\"10\",\"odds\":2", "EUR")).statusCode());
        assertRefused(post("{\"type\":\"wager.settled\",\"wagerId\":\"v-1\",\"result\":\"void\",\"payout\":\"15\"}"), 422, "events[0].payout");
        assertRefused(post("{\"type\":\"wager.settled\",\"wagerId\":\"v-1\",\"result\":\"won\",\"payout\":\"0\"}"), 422, "events[0].payout");
        assertEquals("pending", column("status", "v-1"));
        assertEquals(204, post("{\"type\":\"wager.settled\",\"wagerId\":\"v-1\",\"result\":\"void\",\"payout\":\"10.00\"}").statusCode());
        assertEquals("10.00", column("payout", "v-1"));
        assertEquals(204, post(placed("v-2", "v-c", "\"stake\":\"7.5\",\"odds\":2", "EUR")).statusCode());
        assertEquals(204, post("{\"type\":\"wager.settled\",\"wagerId\":\"v-2\",\"result\":\"void\"}").statusCode());
        assertEquals("7.50", column("payout", "v-2"));
    }

    @Test
    void aRefusedModificationNamesTheFieldItSent() {
        assertEquals(204, post(placed("k-2", "k-c", "\"stake\":\"10000\",\"potentialPayout\":\"20000\"", "JPY")).statusCode());
        var raised = post("{\"type\":\"wager.modified\",\"wagerId\":\"k-2\",\"stake\":\"25000\"}");
        assertRefused(raised, 422, "events[0].stake");
        assertTrue(IngestClient.problem(raised).get("detail").asText().contains("less than the stake 25000"), raised.body());
        assertRefused(post("{\"type\":\"wager.modified\",\"wagerId\":\"k-2\",\"potentialPayout\":\"9000\"}"), 422, "events[0].potentialPayout");
        // A payout alone is refused on the payout, which it sent, not on a stake it never sent.
        var payout = post("{\"type\":\"wager.modified\",\"wagerId\":\"k-2\",\"payout\":\"0\"}");
        assertRefused(payout, 422, "events[0].payout");
        assertTrue(IngestClient.problem(payout).get("detail").asText().contains("a payout is sent with wager.settled"), payout.body());
        assertEquals("10000", column("stake", "k-2"));
        assertEquals("20000", column("potential_payout", "k-2"));
    }

    @Test
    void exposureIsKeptPerCurrencyAndHasNoCeiling() {
        var sql = node.database().sql();
        sql.execute("update alert_settings set customer_exposure = 50000");
        assertEquals(204, post(placed("mx-1", "mix-c", "\"stake\":\"20000\",\"odds\":2", "JPY")).statusCode());
        assertEquals(204, post(placed("mx-2", "mix-c", "\"stake\":\"4000\",\"odds\":3", "EUR")).statusCode());
        assertEquals(0L, sql.fetchOne("select count(*) from alerts where rule = 'customer-exposure' and message like '%mix-c%'").get(0, Long.class),
                "40,000 JPY and 12,000 EUR are not 52,000 of anything");
        assertEquals(List.of("12000.00", "40000"), sql.fetch("select exposure::text from customer_exposure where customer_id = 'mix-c' order by currency")
                .getValues(0, String.class));
        assertEquals(204, post(placed("mx-3", "mix-c", "\"stake\":\"20000\",\"odds\":2", "EUR")).statusCode());
        String alert = sql.fetchOne("select message from alerts where rule = 'customer-exposure' and message like '%mix-c%'").get(0, String.class);
        assertTrue(alert.contains("in EUR is 52000.00"), alert);
        // Far beyond what a numeric(20, 2) column held: the wager is valid, so it is taken.
        sql.execute("insert into customer_exposure (customer_id, currency, exposure) values ('mix-c', 'USD', 999999999999999999.99)");
        assertEquals(204, post(placed("mx-4", "mix-c", "\"stake\":\"1000000000\",\"potentialPayout\":\"100000000000000\"", "USD")).statusCode());
        assertEquals(new BigDecimal("1000099999999999999.99"),
                sql.fetchOne("select exposure from customer_exposure where customer_id = 'mix-c' and currency = 'USD'").get(0, BigDecimal.class));
    }

    @Test
    void aCurrencyMayHaveItsOwnAlertThresholds() {
        var sql = node.database().sql();
        sql.execute("update alert_settings set big_wager = 5000, customer_exposure = 50000");
        var saved = admin.post("/admin/alerts/currencies", Map.of("currency", "jpy", "currencyBigWager", "700000", "currencyExposure", ""));
        assertEquals(303, saved.statusCode(), saved.body());
        assertTrue(admin.get("/admin/alerts").body().contains("700000 JPY"));
        for (var bad : List.of(Map.of("currency", "XXX", "currencyBigWager", "1", "currencyExposure", ""),
                Map.of("currency", "EUR", "currencyBigWager", "-1", "currencyExposure", ""),
                Map.of("currency", "EU", "currencyBigWager", "", "currencyExposure", ""))) {
            var refused = admin.post("/admin/alerts/currencies", bad);
            assertEquals(400, refused.statusCode(), bad.toString());
        }
        assertEquals(204, post(placed("th-1", "th-c", "\"stake\":\"20000\",\"odds\":2", "JPY")).statusCode());
        assertEquals(204, post(placed("th-2", "th-c", "\"stake\":\"6000\",\"odds\":2", "EUR")).statusCode());
        var bigWagers = sql.fetch("select message from alerts where rule = 'big-wager' and message like '%th-c%' order by id").getValues(0, String.class);
        assertEquals(1, bigWagers.size(), "20,000 JPY is under JPY's own threshold; 6,000 EUR is over the book's: " + bigWagers);
        assertTrue(bigWagers.getFirst().contains("6000.00 EUR (threshold 5000"), bigWagers.getFirst());
        // Both fields empty: JPY goes back to the book's thresholds.
        assertEquals(303, admin.post("/admin/alerts/currencies", Map.of("currency", "JPY", "currencyBigWager", "", "currencyExposure", "")).statusCode());
        assertEquals(0, sql.fetchCount(sql.selectFrom("alert_currency_thresholds")));
    }

    @Test
    void aCurrencysThresholdsAreInItsOwnUnitsAndARefusalKeepsTheBooksFormAsSaved() {
        var sql = node.database().sql();
        sql.execute("update alert_settings set big_wager = 5000, liability_jump_pct = 50, customer_exposure = 50000, feed_lag_ms = 2000");
        assertEquals(303, admin.post("/admin/alerts/currencies", Map.of("currency", "KWD", "currencyBigWager", "1500.125", "currencyExposure", "")).statusCode());
        assertTrue(admin.get("/admin/alerts").body().contains("1500.125 KWD"));
        var yen = admin.post("/admin/alerts/currencies", Map.of("currency", "JPY", "currencyBigWager", "5000.50", "currencyExposure", ""));
        assertEquals(400, yen.statusCode(), yen.body());
        assertTrue(yen.body().contains("Big wager in JPY is 5000.50: JPY has no decimals."), yen.body());
        var refused = admin.post("/admin/alerts/currencies", Map.of("currency", "EUR", "currencyBigWager", "abc", "currencyExposure", "777"));
        assertEquals(400, refused.statusCode());
        for (String saved : List.of("name=\"bigWager\" required value=\"5000", "name=\"liabilityJumpPct\" required value=\"50\"",
                "name=\"customerExposure\" required value=\"50000", "name=\"feedLagMs\" required value=\"2000\"", "name=\"currencyExposure\" inputmode=\"decimal\" value=\"777\"")) {
            assertTrue(refused.body().contains(saved), saved + " in " + refused.body());
        }
        assertEquals(303, admin.post("/admin/alerts/currencies", Map.of("currency", "KWD", "currencyBigWager", "", "currencyExposure", "")).statusCode());
    }

    @Test
    void theThresholdsPageShowsEachCurrencysAmountsAtItsScale() {
        var sql = node.database().sql();
        // As an older save left them: 100, not 100.00.
        sql.execute("insert into alert_currency_thresholds (currency, big_wager, customer_exposure) values ('EUR', 100, null), ('JPY', 5000, 80000), ('KWD', null, 1500)");
        String page = admin.get("/admin/alerts").body();
        for (String shown : List.of("<td>100.00 EUR</td>", "<td>5000 JPY</td><td>80000 JPY</td>", "<td>1500.000 KWD</td>")) {
            assertTrue(page.contains(shown), shown + " in " + page);
        }
        sql.execute("delete from alert_currency_thresholds where currency in ('EUR', 'JPY', 'KWD')");
    }

    @Test
    void theIngestAddressTakesJsonByPostOnly() {
        var web = new WebClient(node.port());
        String body = placed("ct-1", "ct-c", "\"stake\":10,\"odds\":2", "EUR");
        var plain = web.send("POST", "/ingest/v1/events", body, "text/plain", Map.of("Authorization", "Bearer " + key));
        assertRefused(plain, 415, "Content-Type");
        var none = web.send("POST", "/ingest/v1/events", body, null, Map.of("Authorization", "Bearer " + key));
        assertEquals(415, none.statusCode(), none.body());
        var charset = web.send("POST", "/ingest/v1/events", body, "application/json; charset=utf-8",
                Map.of("Authorization", "Bearer " + key, "Idempotency-Key", "ct-1"));
        assertEquals(204, charset.statusCode(), charset.body());
        for (String method : List.of("GET", "PUT", "DELETE")) {
            var wrong = web.send(method, "/ingest/v1/events", null, null, Map.of("Authorization", "Bearer " + key));
            assertEquals(405, wrong.statusCode(), method + ": " + wrong.body());
            assertEquals("POST", wrong.headers().firstValue("Allow").orElse(""), method);
            assertTrue(IngestClient.problem(wrong).get("detail").asText().contains("POST"), wrong.body());
        }
    }

    @Test
    void pageFiltersAndTheKiosksConditionalRequestFollowTheRules() {
        for (String min : List.of("4294967396", "4294967296", "50", "-1", "1e3")) {
            assertEquals(400, admin.get("/dashboard?min=" + min).statusCode(), min);
        }
        assertEquals(200, admin.get("/dashboard?currency=EUR&min=1000").statusCode());
        String tag = "\"book-12-3456\"";
        assertTrue(DashboardRoutes.matches(tag, tag));
        assertTrue(DashboardRoutes.matches("W/" + tag, tag), "weak comparison: a gzipping proxy makes the tag weak");
        assertTrue(DashboardRoutes.matches("\"other\", " + tag, tag));
        assertTrue(DashboardRoutes.matches("*", tag));
        assertFalse(DashboardRoutes.matches("\"book-12-3457\"", tag));
        assertFalse(DashboardRoutes.matches(null, tag));
        assertFalse(DashboardRoutes.matches("", tag));
        // Acknowledging without JavaScript goes back to the view the form was on, and only to a dashboard view.
        assertEquals("/dashboard?agent=north&status=pending&min=1000", DashboardRoutes.backToView("http://host/dashboard?agent=north&status=pending&min=1000"));
        for (String elsewhere : new String[] {null, "http://evil.example//evil.example", "http://host/admin/users", "not a url \\", "http://host/dashboardx"}) {
            assertEquals("/dashboard", DashboardRoutes.backToView(elsewhere), String.valueOf(elsewhere));
        }
    }

    /** The refused form's one invalid input: {@code name}, marked and pointing at the message, which has that id. */
    private static void refusedOn(HttpResponse<String> page, String name, String message) {
        assertEquals(400, page.statusCode(), page.body());
        assertTrue(page.body().contains("<p id=\"form-error\" class=\"error\" role=\"alert\">" + message), message + " in " + page.body());
        var invalid = java.util.regex.Pattern.compile("<input name=\"(\\w+)\"[^>]*aria-invalid=\"true\" aria-describedby=\"form-error\"").matcher(page.body());
        assertTrue(invalid.find(), page.body());
        assertEquals(name, invalid.group(1));
        assertFalse(invalid.find(), "one input is marked: " + page.body());
    }

    @Test
    void theAdminFormsSayWhatIsWrongInTheirOwnWordsOnTheInputAtFault() {
        var wager = new java.util.HashMap<>(Map.of("wagerId", "fw-1", "customerId", "fw-c", "agentId", "north", "stake", "10",
                "currency", "EUR", "odds", "", "market", "By hand"));
        var noOdds = admin.post("/admin/wagers", wager);
        refusedOn(noOdds, "odds", "Decimal odds: this field is required.");
        assertFalse(noOdds.body().contains("potentialPayout"), noOdds.body());
        wager.put("odds", "2");
        wager.put("stake", "ten");
        refusedOn(admin.post("/admin/wagers", wager), "stake", "Stake must be a plain decimal");
        wager.put("stake", "10");
        wager.put("wagerId", "fw 1");
        refusedOn(admin.post("/admin/wagers", wager), "wagerId", "Wager id must be letters, digits");
        wager.put("wagerId", "fw-1");
        wager.put("odds", "1");
        refusedOn(admin.post("/admin/wagers", wager), "odds", "Decimal odds must be above 1");
        wager.put("odds", "2");
        assertEquals(303, admin.post("/admin/wagers", wager).statusCode());
        var again = admin.post("/admin/wagers", wager);
        refusedOn(again, "wagerId", "Wager id 'fw-1' is taken: a wager was placed with it before. Choose another id.");
        assertFalse(again.body().contains("wager.modified"), again.body());
        assertTrue(admin.get("/admin/wagers/new").body().contains("<input name=\"stake\" required inputmode=\"decimal\" value=\"\">"),
                "no error, no aria-invalid");
        // The alert thresholds' two forms: the message starts with the label's first words.
        refusedOn(admin.post("/admin/alerts", Map.of("bigWager", "abc", "liabilityJumpPct", "50", "customerExposure", "50000", "feedLagMs", "2000")),
                "bigWager", "Big wager must be an amount such as 5000 or 5000.50");
        refusedOn(admin.post("/admin/alerts", Map.of("bigWager", "5000", "liabilityJumpPct", "50", "customerExposure", "50000", "feedLagMs", "5")),
                "feedLagMs", "Feed lag must be a whole number from 100 to 600000.");
        refusedOn(admin.post("/admin/alerts/currencies", Map.of("currency", "XXX", "currencyBigWager", "1", "currencyExposure", "")),
                "currency", "Currency must be an ISO 4217 code");
        refusedOn(admin.post("/admin/alerts/currencies", Map.of("currency", "EUR", "currencyBigWager", "", "currencyExposure", "1.234")),
                "currencyExposure", "Customer exposure in EUR is 1.234: EUR takes at most 2 decimals.");
        var agent = new java.util.HashMap<>(Map.of("agentId", "../x", "agentName", "", "username", "fw-agent", "displayName", "FW", "password", "agent password"));
        refusedOn(admin.post("/admin/agents", agent), "agentId", "Agent id must be 1 to 40 letters");
        agent.putAll(Map.of("agentId", "fw", "password", "short"));
        refusedOn(admin.post("/admin/agents", agent), "password", "A password has");
    }

    @Test
    void aControlCharacterOnAnAdminFormIsRefusedOnItsFieldWithWhatWasTypedKept() {
        long before = wagers();
        var wager = new java.util.HashMap<>(Map.of("wagerId", "cc-1", "customerId", "cc-c", "agentId", "north", "stake", "10",
                "currency", "EUR", "odds", "2", "market", "Final\u0001 winner"));
        var market = admin.post("/admin/wagers", wager);
        assertEquals(422, market.statusCode(), market.body());
        assertTrue(market.body().contains("Market contains an invisible control character (U+0001); remove it."), market.body());
        assertTrue(market.body().contains("value=\"Final\u0001 winner\" aria-invalid=\"true\" aria-describedby=\"form-error\""), "kept, on its field: " + market.body());
        wager.put("market", "Final");
        wager.put("stake", "10\u202E");
        var stake = admin.post("/admin/wagers", wager);
        assertEquals(422, stake.statusCode(), stake.body());
        assertTrue(stake.body().contains("Stake contains an invisible control character (U+202E, a text-direction control); remove it."), stake.body());
        assertEquals(before, wagers());
        var exposure = admin.post("/admin/alerts/currencies", Map.of("currency", "EUR", "currencyBigWager", "", "currencyExposure", "5\u001f"));
        assertEquals(422, exposure.statusCode(), exposure.body());
        assertTrue(exposure.body().contains("Customer exposure in that currency contains an invisible control character (U+001F)"), exposure.body());
        var agent = admin.post("/admin/agents", Map.of("agentId", "cc", "agentName", "C\u0007C", "username", "cc-agent", "displayName", "CC",
                "password", "agent password"));
        assertEquals(422, agent.statusCode(), agent.body());
        assertTrue(agent.body().contains("Agent name contains an invisible control character (U+0007)"), agent.body());
        assertFalse(node.database().sql().fetchExists(node.database().sql().selectOne().from("users").where("username = 'cc-agent'")), "nothing made");
    }

    @Test
    void anAgentNameTypedForAnAgentThatExistsRenamesIt() {
        var first = admin.post("/admin/agents", Map.of("agentId", "west", "agentName", "West", "username", "west1", "displayName", "West one",
                "password", "agent password"));
        assertEquals(303, first.statusCode(), first.body());
        var second = admin.post("/admin/agents", Map.of("agentId", "west", "agentName", "West Desk", "username", "west2", "displayName", "West two",
                "password", "agent password"));
        assertEquals(303, second.statusCode(), second.body());
        var third = admin.post("/admin/agents", Map.of("agentId", "west", "agentName", "", "username", "west3", "displayName", "West three",
                "password", "agent password"));
        assertEquals(303, third.statusCode(), third.body());
        assertEquals("West Desk", node.database().sql().fetchOne("select name from agents where id = 'west'").get(0, String.class));
    }
}
