package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.testing.WebClient;

/**
 * A wager that changes after it was placed, as the dashboard reports it: the alert rules see the
 * change, the activity feed says what changed, and the stream is newest change first on reload
 * as it is live. Findings of an outside review (V27).
 */
class WagerChangesTest extends switchboard.testing.BookNodeTest {
    private static DSLContext sql;

    @BeforeAll
    static void start() {
        sql = node.database().sql();
        sql.execute("update alert_settings set big_wager = 5000, customer_exposure = 50000");
    }

    private static void send(String json) {
        var answer = server.postRaw(json, "k-" + System.nanoTime());
        assertEquals(204, answer.statusCode(), answer.body());
    }

    private static void place(String wagerId, String customer, String agent, String amounts, String currency) {
        send("{\"type\":\"wager.placed\",\"wagerId\":\"" + wagerId + "\",\"customerId\":\"" + customer + "\",\"agentId\":\"" + agent + "\","
                + amounts + ",\"currency\":\"" + currency + "\",\"market\":\"big test\"}");
    }

    private static void modify(String wagerId, String change) {
        send("{\"type\":\"wager.modified\",\"wagerId\":\"" + wagerId + "\"," + change + "}");
    }

    private static List<String> alerts(String rule, String about) {
        return sql.fetch("select message from alerts where rule = {0} and message like {1} order by id", rule, "%" + about + "%").getValues(0, String.class);
    }

    @Test
    void aWagerModifiedUpToTheThresholdRaisesTheBigWagerAlert() {
        place("big-1", "bigc-1", "north", "\"stake\":\"100\",\"odds\":\"2\"", "EUR");
        assertEquals(List.of(), alerts("big-wager", "big-1"));
        modify("big-1", "\"stake\":\"9000\"");
        var raised = alerts("big-wager", "big-1");
        assertEquals(1, raised.size(), raised.toString());
        assertTrue(raised.getFirst().contains("9000.00 EUR, changed from 100.00 (threshold 5000"), raised.getFirst());
        // Already over: a further change is no new crossing.
        modify("big-1", "\"stake\":\"9500\"");
        assertEquals(1, alerts("big-wager", "big-1").size());
    }

    @Test
    void aCurrencysOwnThresholdAppliesToModificationsToo() {
        sql.execute("insert into alert_currency_thresholds (currency, big_wager) values ('JPY', 700000)");
        place("big-jpy", "bigc-2", "north", "\"stake\":\"20000\",\"odds\":\"2\"", "JPY");
        modify("big-jpy", "\"stake\":\"600000\"");
        assertEquals(List.of(), alerts("big-wager", "big-jpy"), "600,000 JPY is under JPY's own threshold, though over the book's 5,000");
        modify("big-jpy", "\"stake\":\"800000\"");
        var raised = alerts("big-wager", "big-jpy");
        assertEquals(1, raised.size(), raised.toString());
        assertTrue(raised.getFirst().contains("(threshold 700000 JPY)"), raised.getFirst());
    }

    @Test
    void aModificationThatLiftsExposureOverTheLimitRaisesTheExposureAlert() {
        place("exp-1", "expc-1", "north", "\"stake\":\"100\",\"odds\":\"2\"", "EUR");
        assertEquals(List.of(), alerts("customer-exposure", "expc-1"));
        modify("exp-1", "\"potentialPayout\":\"60000\"");
        var raised = alerts("customer-exposure", "expc-1");
        assertEquals(1, raised.size(), raised.toString());
        assertTrue(raised.getFirst().contains("is 60000.00, over the limit of 50000"), raised.getFirst());
    }

    @Test
    void anAlertNamesTheBooksThresholdsAtTheWagersCurrencyScale() {
        // The book's thresholds as the admin form saves them (2 decimals); no currency has its own here.
        sql.execute("update alert_settings set big_wager = 5000.00, customer_exposure = 50000.00");
        sql.execute("delete from alert_currency_thresholds where currency in ('KWD', 'JPY')");
        place("sc-kwd", "scc-kwd", "north", "\"stake\":\"6000.5\",\"odds\":\"10\"", "KWD");
        place("sc-jpy", "scc-jpy", "north", "\"stake\":\"8000\",\"odds\":\"10\"", "JPY");
        assertEquals(List.of("Wager sc-kwd by scc-kwd: 6000.500 KWD (threshold 5000.000 KWD)"), alerts("big-wager", "sc-kwd"));
        assertEquals(List.of("Customer scc-kwd exposure in KWD is 60005.000, over the limit of 50000.000 KWD"), alerts("customer-exposure", "scc-kwd"));
        assertEquals(List.of("Wager sc-jpy by scc-jpy: 8000 JPY (threshold 5000 JPY)"), alerts("big-wager", "sc-jpy"));
        assertEquals(List.of("Customer scc-jpy exposure in JPY is 80000, over the limit of 50000 JPY"), alerts("customer-exposure", "scc-jpy"));
        // A threshold with more decimals than the currency is shown as it is, never rounded.
        sql.execute("update alert_settings set big_wager = 5000.50");
        place("sc-jpy2", "scc-jpy2", "north", "\"stake\":\"6000\",\"odds\":\"2\"", "JPY");
        assertEquals(List.of("Wager sc-jpy2 by scc-jpy2: 6000 JPY (threshold 5000.5 JPY)"), alerts("big-wager", "sc-jpy2"));
        sql.execute("update alert_settings set big_wager = 5000, customer_exposure = 50000");
    }

    @Test
    void theActivityFeedSaysWhatAModificationChanged() {
        place("rc-w", "rc-3", "north", "\"stake\":\"1.333\",\"odds\":\"2.5\"", "KWD");
        modify("rc-w", "\"odds\":\"5\"");
        modify("rc-w", "\"stake\":\"9\"");
        modify("rc-w", "\"potentialPayout\":\"60\"");
        var feed = sql.fetch("select icon, text from activity where text like 'rc-3 changed%' order by id");
        assertEquals(List.of("modified", "modified", "modified"), feed.getValues(0, String.class));
        assertEquals(List.of("rc-3 changed wager rc-w: odds 2.5 → 5", "rc-3 changed wager rc-w: stake 1.333 → 9.000 KWD",
                "rc-3 changed wager rc-w: potential payout 45.000 → 60.000 KWD"), feed.getValues(1, String.class));
        String page = admin.get("/dashboard").body();
        assertTrue(page.contains("<span class=\"icon\" aria-hidden=\"true\">✎</span><span class=\"visually-hidden\">Changed: </span>"), page);
        assertFalse(page.contains("changed a wager to"), "the old text that showed the stake whatever changed");
    }

    /** Places four EUR wagers of customer {@code <prefix>-c} (stakes 10 to 13, odds 3) and ends them won (30), lost, void and cancelled. */
    private static void endEachWay(String prefix) {
        String[] ends = {"won", "lost", "void", "cancel"};
        for (int i = 0; i < ends.length; i++) {
            place(prefix + "-" + ends[i], prefix + "-c", "north", "\"stake\":\"" + (10 + i) + "\",\"odds\":\"3\"", "EUR");
        }
        send("{\"type\":\"wager.settled\",\"wagerId\":\"" + prefix + "-won\",\"result\":\"won\",\"payout\":\"30\"}");
        send("{\"type\":\"wager.settled\",\"wagerId\":\"" + prefix + "-lost\",\"result\":\"lost\"}");
        send("{\"type\":\"wager.settled\",\"wagerId\":\"" + prefix + "-void\",\"result\":\"void\"}");
        send("{\"type\":\"wager.cancelled\",\"wagerId\":\"" + prefix + "-cancel\"}");
    }

    @Test
    void everyActivityLineForAWagerSaysWhoseAndHowMuch() {
        endEachWay("end");
        var lines = sql.fetch("select text from activity where text like '%end-c%' and icon <> 'placed' order by id").getValues(0, String.class);
        assertEquals(List.of("end-c won 30.00 EUR on big test", "end-c lost 11.00 EUR on big test",
                "end-void void: 12.00 EUR on big test returned to end-c", "end-cancel cancelled: 13.00 EUR on big test returned to end-c"), lines);
    }

    /** Only a pending wager stands "to win": a review saw settled and cancelled ones still say so in the stream and on the wall. */
    @Test
    void aStreamItemSaysWhatTheWagerPaysInItsState() {
        place("say-pending", "say-c", "north", "\"stake\":\"10\",\"odds\":\"3\"", "EUR");
        endEachWay("say");
        var words = Map.of("say-pending", "· to win 30.00", "say-won", "· paid 30.00", "say-lost", "", "say-void", "· stake returned",
                "say-cancel", "· stake returned");
        for (String page : List.of(admin.get("/dashboard").body(), admin.get("/dashboard/kiosk").body())) {
            for (var wager : words.entrySet()) {
                var item = java.util.regex.Pattern.compile("data-wager=\"" + wager.getKey() + "\">(.*?)</li>", java.util.regex.Pattern.DOTALL).matcher(page);
                assertTrue(item.find(), wager.getKey() + " in " + page);
                String text = item.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
                assertTrue(text.endsWith("big test" + (wager.getValue().isEmpty() ? "" : " " + wager.getValue())), wager.getKey() + ": " + text);
                if (!wager.getKey().equals("say-pending")) {
                    assertFalse(text.contains("to win"), wager.getKey() + ": " + text);
                }
            }
        }
    }

    @Test
    void theStreamIsNewestChangeFirstOnReloadAsLive() {
        place("ord-1", "ordc-1", "south", "\"stake\":\"10\",\"odds\":\"2\"", "EUR");
        place("ord-2", "ordc-1", "south", "\"stake\":\"10\",\"odds\":\"2\"", "EUR");
        send("{\"type\":\"wager.settled\",\"wagerId\":\"ord-1\",\"result\":\"lost\"}");
        admin.post("/admin/agents", Map.of("agentId", "south", "agentName", "South", "username", "south",
                "displayName", "Agent South", "password", "agent password"));
        var south = WebClient.signedIn(node.port(), "south", "agent password");
        for (String page : List.of(admin.get("/dashboard").body(), admin.get("/dashboard?agent=south").body(), south.get("/dashboard").body(),
                admin.get("/dashboard/kiosk").body())) {
            int settled = page.indexOf("data-wager=\"ord-1\"");
            int pending = page.indexOf("data-wager=\"ord-2\"");
            assertTrue(settled >= 0 && pending > settled, "the wager settled last comes first, as the push put it");
        }
    }
}
