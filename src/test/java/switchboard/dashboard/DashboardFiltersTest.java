package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's stream filters: an amount is in one currency, and a bad filter is answered on the page, next to the form. */
class DashboardFiltersTest extends switchboard.testing.BookNodeTest {
    private static void place(String wagerId, String stake, String currency) {
        var answer = server.postRaw("{\"type\":\"wager.placed\",\"wagerId\":\"" + wagerId + "\",\"customerId\":\"c-" + wagerId
                + "\",\"agentId\":\"north\",\"stake\":\"" + stake + "\",\"odds\":\"2\",\"currency\":\"" + currency + "\",\"market\":\"Final\"}",
                "k-" + wagerId);
        assertEquals(204, answer.statusCode(), answer.body());
    }

    @Test
    void aMinimumStakeIsAnAmountInTheChosenCurrency() {
        place("yen-15000", "15000", "JPY");
        place("eur-90", "90", "EUR");
        place("eur-20000", "20000", "EUR");
        var eur = admin.get("/dashboard?currency=EUR&min=10000");
        assertEquals(200, eur.statusCode(), eur.body());
        assertTrue(eur.body().contains("data-wager=\"eur-20000\""), eur.body());
        assertFalse(eur.body().contains("data-wager=\"yen-15000\""), "15,000 JPY (about 90 EUR) is not over 10,000 EUR");
        assertFalse(eur.body().contains("data-wager=\"eur-90\""));
        assertTrue(eur.body().contains("data-currency=\"EUR\" data-min=\"10000\""), "pushed items are hidden by the same rule");
        assertTrue(eur.body().contains("<option selected>EUR</option>"), eur.body());
        var yen = admin.get("/dashboard?currency=JPY&min=10000");
        assertTrue(yen.body().contains("data-wager=\"yen-15000\""));
        assertFalse(yen.body().contains("data-wager=\"eur-20000\""));
        // Without a currency an amount means nothing: refused, saying so.
        var any = admin.get("/dashboard?min=10000");
        assertEquals(400, any.statusCode());
        assertTrue(any.body().contains("choose the currency too"), any.body());
    }

    @Test
    void aBadFilterIsAnsweredWithThePageTheMessageBesideTheFormAndTheFormAsSent() {
        for (var bad : Map.of("status=junk", "status", "status=WON", "status", "min=-1", "min", "min=abc", "min", "min=50&currency=EUR", "min",
                "currency=e%27r", "currency", "currency=XXX", "currency", "agent=..%2F..%2Fx", "agent").entrySet()) {
            var answer = admin.get("/dashboard?" + bad.getKey() + "&currency=JPY".repeat(bad.getKey().contains("currency") ? 0 : 1));
            assertEquals(400, answer.statusCode(), bad.getKey() + ": " + answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), bad.getKey());
            String body = answer.body();
            assertTrue(body.contains("<p id=\"filter-error\" class=\"error\" role=\"alert\">"), bad.getKey() + ": " + body);
            assertTrue(body.contains("name=\"" + bad.getValue() + "\" aria-invalid=\"true\" aria-describedby=\"filter-error\""), bad.getKey() + ": " + body);
            assertTrue(body.contains("<h1>Dashboard"), "the whole page, not a bare message");
        }
        // A code of the right form that the book does not take: refused, and no made-up option for it.
        var unknownCurrency = admin.get("/dashboard?currency=XXX");
        assertTrue(unknownCurrency.body().contains("The book takes no currency XXX; choose one from the list, or Any."), unknownCurrency.body());
        assertFalse(unknownCurrency.body().contains(">XXX</option>"), unknownCurrency.body());
        assertEquals(200, admin.get("/dashboard?currency=SEK").statusCode(), "a currency the book takes, with no wagers in it yet");
        // The values that were fine are kept: JPY stays chosen beside a bad status.
        assertTrue(admin.get("/dashboard?status=junk&currency=JPY").body().contains("<option selected>JPY</option>"));
        var unknown = admin.get("/dashboard?agent=unknown");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("There is no agent &#39;unknown&#39;") || unknown.body().contains("There is no agent 'unknown'"), unknown.body());
        assertTrue(unknown.body().contains("name=\"agent\" aria-invalid=\"true\""), unknown.body());
    }
}
