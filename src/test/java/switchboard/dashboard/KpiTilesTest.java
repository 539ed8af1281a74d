package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The KPI tiles as a bookmaker reads them: a change is coloured by what it means (a review saw
 * "Liability +52906 % vs yesterday" in green), the pending tile shows its stake's change as well
 * as its count's, and a value and its change use one minus sign.
 */
class KpiTilesTest extends switchboard.testing.BookNodeTest {
    private static void send(String json) {
        var answer = server.postRaw(json, "k-" + System.nanoTime());
        assertEquals(204, answer.statusCode(), answer.body());
    }

    private static void place(String wagerId, String stake, String odds, String currency) {
        send("{\"type\":\"wager.placed\",\"wagerId\":\"" + wagerId + "\",\"customerId\":\"c-" + wagerId + "\",\"agentId\":\"north\",\"stake\":\""
                + stake + "\",\"odds\":\"" + odds + "\",\"currency\":\"" + currency + "\",\"market\":\"Final\"}");
    }

    /** The tile of one currency, as the page draws it. */
    private static String tile(String page, String currency) {
        var tile = Pattern.compile("<section class=\"tile\" data-currency=\"" + currency + "\">(.*?)</section>", Pattern.DOTALL).matcher(page);
        assertTrue(tile.find(), currency + " in " + page);
        return tile.group(1);
    }

    /** The class and text of the change beside a figure. */
    private static String change(String tile, String kpi) {
        var change = Pattern.compile("data-kpi=\"" + kpi + "\">[^<]*</dd>\\s*<dd class=\"kpi-change ?([a-z]*) ?\" title=\"[^\"]*\">([^<]*)</dd>").matcher(tile);
        assertTrue(change.find(), kpi + " in " + tile);
        return (change.group(1) + " " + change.group(2)).strip();
    }

    private static String value(String tile, String kpi) {
        var value = Pattern.compile("data-kpi=\"" + kpi + "\">([^<]*)</dd>").matcher(tile);
        assertTrue(value.find(), kpi + " in " + tile);
        return value.group(1);
    }

    @Test
    void aChangeIsColouredByWhatItMeansToTheBookAndEveryMinusIsOneSign() {
        place("eur-pending", "10", "2", "EUR");
        place("eur-won", "10", "5", "EUR");
        send("{\"type\":\"wager.settled\",\"wagerId\":\"eur-won\",\"result\":\"won\",\"payout\":\"50\"}");
        place("gbp-lost", "10", "2", "GBP");
        send("{\"type\":\"wager.settled\",\"wagerId\":\"gbp-lost\",\"result\":\"lost\"}");
        String page = admin.get("/dashboard").body();

        String eur = tile(page, "EUR");
        assertEquals("−50.00", value(eur, "revenue"), "the value's minus is the change's");
        assertEquals("bad −50.00 vs yesterday", change(eur, "revenue"), "revenue down is bad news");
        assertEquals("risk +20.00 vs yesterday", change(eur, "liability"), "liability up is a risk, not good news");
        assertEquals("+1 · +10.00 vs yesterday", change(eur, "pending"), "pending: count and stake, uncoloured");
        assertEquals("good +10.00 vs yesterday", change(tile(page, "GBP"), "revenue"), "revenue up is good news");
        assertTrue(page.contains("<p class=\"kpi-change \">+3 vs yesterday</p>"), "active players: volume, uncoloured: " + page);
        var kpis = page.substring(page.indexOf("<div class=\"kpi-tiles\""), page.indexOf("<p class=\"kpi-time\">"));
        assertFalse(Pattern.compile("-\\d").matcher(kpis.replaceAll("<[^>]*>", "")).find(), "a hyphen-minus in the tiles: " + kpis);
    }
}
