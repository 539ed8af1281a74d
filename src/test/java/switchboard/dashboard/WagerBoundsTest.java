package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.IngestClient;

/**
 * What a wager event may say and what it then changes, from a second black-box review: a
 * potential payout held to the odds' bounds, money fields that are checked rather than ignored,
 * a modification that changes nothing is not a change.
 */
class WagerBoundsTest extends switchboard.testing.BookNodeTest {
    private static String placed(String wagerId, String amounts, String currency) {
        return "{\"type\":\"wager.placed\",\"wagerId\":\"" + wagerId + "\",\"customerId\":\"c-" + wagerId + "\",\"agentId\":\"north\","
                + amounts + ",\"currency\":\"" + currency + "\",\"market\":\"Final: winner\"}";
    }

    private static HttpResponse<String> post(String body) {
        return server.postRaw(body, "k-" + System.nanoTime());
    }

    private static String column(String column, String wagerId) {
        var row = node.database().sql().fetchOne("select " + column + "::text from wagers where ref = {0}", wagerId);
        return row == null ? null : row.get(0, String.class);
    }

    private static String refused(HttpResponse<String> response, String field) {
        assertEquals(422, response.statusCode(), response.body());
        assertEquals(field, IngestClient.problem(response).get("field").asText(), response.body());
        return IngestClient.problem(response).get("detail").asText();
    }

    @Test
    void aPotentialPayoutIsHeldToTheOddsBounds() {
        String huge = refused(post(placed("pp-1", "\"stake\":\"10\",\"potentialPayout\":\"99999999999999\"", "EUR")), "events[0].potentialPayout");
        assertTrue(huge.contains("more than 100000 times the stake 10.00 EUR"), huge);
        String even = refused(post(placed("pp-1", "\"stake\":\"10\",\"potentialPayout\":\"10\"", "EUR")), "events[0].potentialPayout");
        assertTrue(even.contains("more than the stake"), even);
        assertEquals(null, column("stake", "pp-1"));
        // Exactly 100,000 times the stake is odds of 100,000: taken.
        assertEquals(204, post(placed("pp-1", "\"stake\":\"10\",\"potentialPayout\":\"1000000\"", "EUR")).statusCode());
        refused(post("{\"type\":\"wager.modified\",\"wagerId\":\"pp-1\",\"potentialPayout\":\"1000000.01\"}"), "events[0].potentialPayout");
        // A smaller stake under the payout kept from before: the stake is what was sent.
        String stake = refused(post("{\"type\":\"wager.modified\",\"wagerId\":\"pp-1\",\"stake\":\"5\"}"), "events[0].stake");
        assertTrue(stake.contains("send a new 'potentialPayout' or 'odds' with the stake"), stake);
        assertEquals("10.00", column("stake", "pp-1"));
        assertEquals("1000000.00", column("potential_payout", "pp-1"));
    }

    @Test
    void moneyFieldsAnEventDoesNotTakeAreCheckedNotIgnored() {
        assertEquals(204, post(placed("ta", "\"stake\":\"10\",\"odds\":\"2\"", "EUR")).statusCode());
        String usd = refused(post("{\"type\":\"wager.modified\",\"wagerId\":\"ta\",\"currency\":\"USD\",\"stake\":\"5\"}"), "events[0].currency");
        assertTrue(usd.contains("is in EUR, not USD"), usd);
        refused(post("{\"type\":\"wager.modified\",\"wagerId\":\"ta\",\"currency\":\"usd\",\"stake\":\"5\"}"), "events[0].currency");
        refused(post("{\"type\":\"wager.modified\",\"wagerId\":\"ta\",\"stake\":\"5\",\"payout\":\"9\"}"), "events[0].payout");
        refused(post("{\"type\":\"wager.settled\",\"wagerId\":\"ta\",\"result\":\"won\",\"payout\":\"15\",\"currency\":\"JPY\"}"), "events[0].currency");
        refused(post("{\"type\":\"wager.settled\",\"wagerId\":\"ta\",\"result\":\"lost\",\"stake\":\"11\"}"), "events[0].stake");
        refused(post("{\"type\":\"wager.settled\",\"wagerId\":\"ta\",\"result\":\"won\",\"payout\":\"15\",\"odds\":\"3\"}"), "events[0].odds");
        refused(post("{\"type\":\"wager.cancelled\",\"wagerId\":\"ta\",\"currency\":\"USD\"}"), "events[0].currency");
        refused(post("{\"type\":\"wager.cancelled\",\"wagerId\":\"ta\",\"potentialPayout\":\"25\"}"), "events[0].potentialPayout");
        refused(post("{\"type\":\"wager.cancelled\",\"wagerId\":\"ta\",\"payout\":\"10\"}"), "events[0].payout");
        assertEquals("10.00 EUR pending", column("stake || ' ' || currency || ' ' || status", "ta"));
        // Saying what the wager is, is fine.
        assertEquals(204, post("{\"type\":\"wager.modified\",\"wagerId\":\"ta\",\"currency\":\"EUR\",\"stake\":\"5\"}").statusCode());
        assertEquals(204, post("{\"type\":\"wager.settled\",\"wagerId\":\"ta\",\"result\":\"won\",\"payout\":\"10\",\"currency\":\"EUR\","
                + "\"stake\":\"5.00\",\"odds\":2}").statusCode());
        assertEquals("5.00 EUR won", column("stake || ' ' || currency || ' ' || status", "ta"));
    }

    @Test
    void aMarketOfNothingVisibleIsRefusedByTheApiAndTheForm() {
        for (String blank : new String[] {"\\u200b", "\\u00a0", "\\ufeff", "\\u034f", "\\u2800", "\\u3164", "\\u200b\\u200b\\u2060"}) {
            String detail = refused(post(placed("blank-1", "\"stake\":\"10\",\"odds\":\"2\"", "EUR").replace("Final: winner", blank)), "events[0].market");
            assertTrue(detail.contains("visible"), detail);
        }
        for (String blank : new String[] {"\u200b", "\u00a0", "\u2800", "\u034f"}) {
            var form = admin.post("/admin/wagers", Map.of("wagerId", "blank-2", "customerId", "c-blank", "agentId", "north", "stake", "10",
                    "currency", "EUR", "odds", "2", "market", blank));
            assertEquals(400, form.statusCode(), form.body());
            assertTrue(form.body().contains("visible"), form.body());
            var agent = admin.post("/admin/agents", Map.of("agentId", "blank-agent", "agentName", blank, "username", "blank" + (int) blank.charAt(0),
                    "displayName", "Blank", "password", "agent password"));
            assertEquals(400, agent.statusCode(), agent.body());
        }
        assertEquals(null, column("stake", "blank-1"));
        assertEquals(null, column("stake", "blank-2"));
        assertEquals(204, post(placed("blank-3", "\"stake\":\"10\",\"odds\":\"2\"", "EUR").replace("Final: winner", "  Derby\\u200b ")).statusCode());
        assertEquals("Derby\u200b", column("market", "blank-3"), "spaces around it go; a zero-width space after a word stays");
    }

    @Test
    void aModificationThatChangesNothingIsNoChangeAndASwitchToOddsNamesThePayout() {
        assertEquals(204, post(placed("same-1", "\"stake\":\"10\",\"potentialPayout\":\"30\"", "EUR")).statusCode());
        var sql = node.database().sql();
        String at = column("updated_at", "same-1");
        long lines = sql.fetchOne("select count(*) from activity").get(0, Long.class);
        var same = post("{\"type\":\"wager.modified\",\"wagerId\":\"same-1\",\"stake\":\"10.00\",\"potentialPayout\":\"30\"}");
        assertEquals(204, same.statusCode(), same.body());
        assertEquals(at, column("updated_at", "same-1"), "the wager does not move to the top of the stream");
        assertEquals(lines, sql.fetchOne("select count(*) from activity").get(0, Long.class), "no 'nothing changed' line");
        assertEquals(204, post("{\"type\":\"wager.modified\",\"wagerId\":\"same-1\",\"odds\":\"2.5\"}").statusCode());
        // Changes are sequenced in commit order: once the odds change has its seq, a push of the no-op would have one too.
        String modified = "select count(*) from change_log where topic = 'dashboard' and kind = 'wager.modified'"
                + " and entity_id = (select id from wagers where ref = 'same-1')";
        switchboard.testing.Wait.until("the odds change is sequenced", () -> sql.fetchOne(modified).get(0, Long.class) > 0, java.time.Duration.ofSeconds(10));
        assertEquals(1L, sql.fetchOne(modified).get(0, Long.class), "only the odds change is pushed");
        String line = sql.fetchOne("select text from activity order by id desc limit 1").get(0, String.class);
        assertTrue(line.contains("odds none → 2.5") && line.contains("potential payout 30.00 → 25.00 EUR"), line);
    }
}
