package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;

/** An admin filters the dashboard's stream while wagers in several currencies come in, on a phone, a laptop and the wall. */
class DashboardScreensJourneyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Journey journey;
    private static IngestClient server;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        long admin = journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        server = new IngestClient(journey.node.port(), journey.node.auth().apiKeys().create("book", ApiKeys.SCOPE_INGEST, admin).secret());
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private static ObjectNode wager(String wagerId, String customer, String agent, String stake, String currency, String market) {
        return JSON.createObjectNode().put("type", "wager.placed").put("eventId", wagerId).put("wagerId", wagerId)
                .put("customerId", customer).put("agentId", agent).put("stake", stake).put("currency", currency).put("odds", "2.00")
                .put("market", market);
    }

    private static void place(ObjectNode wager) {
        var answer = server.post(wager, null);
        assertEquals(204, answer.statusCode(), answer.body());
    }

    @Test
    void aMinimumStakeInOneCurrencyHidesPushedWagersOfOthers() {
        place(wager("seed-eur", "c-seed", "north", "5.00", "EUR", "Final"));
        place(wager("seed-jpy", "c-seed-j", "north", "500", "JPY", "Final"));
        try (var context = journey.browser.newContext()) {
            Page admin = journey.signedIn(context, "root", "admin password");
            admin.navigate(journey.url("/dashboard"));
            admin.locator("select[name=currency]").selectOption("EUR");
            admin.locator("select[name=min]").selectOption("10000");
            admin.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
            assertThat(admin.locator("#wager-stream")).hasAttribute("data-currency", "EUR");
            place(wager("push-jpy", "c-push-j", "north", "15000", "JPY", "Final"));
            place(wager("push-eur", "c-push-e", "north", "20000.00", "EUR", "Final"));
            assertThat(admin.locator("#wager-stream [data-wager='push-eur']")).isVisible();
            // Pushed in order: once the EUR wager is in, the JPY one before it has arrived too, hidden.
            assertThat(admin.locator("#wager-stream [data-wager='push-jpy']")).hasCount(1);
            assertThat(admin.locator("#wager-stream [data-wager='push-jpy']")).isHidden();
        }
    }
}
