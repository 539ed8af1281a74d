package switchboard.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.testing.IngestClient;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/** Wagers through the ingest API, the dashboard's views per agent, alerts and the kiosk. */
class DashboardTest extends switchboard.testing.BookNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static WebClient north;
    private static WebClient south;
    private static int next;

    @BeforeAll
    static void start() {
        for (String agent : List.of("north", "south")) {
            var made = admin.post("/admin/agents", Map.of("agentId", agent, "agentName", "Agent " + agent, "username", agent,
                    "displayName", "Agent " + agent, "password", "agent password"));
            assertEquals(303, made.statusCode(), made.body());
        }
        north = WebClient.signedIn(node.port(), "north", "agent password");
        south = WebClient.signedIn(node.port(), "south", "agent password");
    }

    private static ObjectNode placed(String wagerId, String customer, String agent, String stake, String currency) {
        return JSON.createObjectNode().put("type", "wager.placed").put("eventId", "e-" + wagerId + "-placed").put("wagerId", wagerId)
                .put("customerId", customer).put("agentId", agent).put("stake", stake).put("currency", currency).put("odds", "2.50")
                .put("market", "Final: winner");
    }

    private static ObjectNode event(String type, String wagerId) {
        return JSON.createObjectNode().put("type", type).put("eventId", "e-" + wagerId + "-" + type + "-" + (next++)).put("wagerId", wagerId);
    }

    private static <T> T value(String query, Class<T> type, Object... args) {
        return node.database().sql().fetchOne(query, args).get(0, type);
    }

    private static String snapshot() {
        var sql = node.database().sql();
        return String.join("\n", sql.fetch("select * from wagers order by id").formatCSV(),
                sql.fetch("select scope, currency, minute, sum(revenue), sum(placed), sum(pending_count), sum(pending_stake), sum(liability) "
                        + "from wager_minutes group by 1, 2, 3 order by 1, 2, 3").formatCSV(),
                sql.fetch("select scope, currency, sum(pending_count), sum(pending_stake), sum(liability) from wager_totals group by 1, 2 order by 1, 2").formatCSV(),
                sql.fetch("select * from customers order by 1").formatCSV(),
                String.valueOf(sql.fetchValue("select count(*) from change_log where topic like 'dashboard%' and kind <> 'tick'")));
    }

    private static void assertRefused(HttpResponse<String> response, String field) {
        assertEquals(422, response.statusCode(), response.body());
        assertEquals(field, IngestClient.problem(response).get("field").asText(), response.body());
    }

    @Test
    void illegalTransitionsAndBadInputLeaveTheDatabaseUnchanged() {
        assertEquals(204, server.post(placed("ill-1", "ill-c", "north", "10.00", "EUR"), null).statusCode());
        assertEquals(204, server.post(event("wager.cancelled", "ill-1"), null).statusCode());
        String before = snapshot();

        assertRefused(server.post(event("wager.settled", "ill-1").put("result", "won").put("payout", "25"), null), "events[0].type");
        assertRefused(server.post(event("wager.modified", "ill-1").put("stake", "11"), null), "events[0].type");
        assertRefused(server.post(event("wager.cancelled", "nobody"), null), "events[0].wagerId");
        assertRefused(server.post(placed("ill-2", "ill-c", "north", "-5", "EUR"), null), "events[0].stake");
        assertRefused(server.post(placed("ill-2", "ill-c", "north", "1e12", "EUR"), null), "events[0].stake");
        assertRefused(server.post(placed("ill-2", "ill-c", "north", "10", "XXX"), null), "events[0].currency");
        assertRefused(server.post(placed("ill-2", "ill-c", "north", "10", "euro"), null), "events[0].currency");
        assertRefused(server.post(placed("ill-2", "ill-c", "north", "10.5", "JPY"), null), "events[0].stake");
        assertRefused(server.post(placed("ill-2", "ill-c", "south", "10", "EUR"), null), "events[0].agentId");
        assertRefused(server.post(placed("ill-1", "ill-c", "north", "10", "EUR").put("eventId", "again"), null), "events[0].wagerId");
        var unknown = server.post(JSON.createObjectNode().put("type", "bet.placed").put("eventId", "e-unknown"), null);
        assertRefused(unknown, "events[0].type");
        assertTrue(unknown.body().contains("wager.placed") && unknown.body().contains("table.opened"), "the message names every type the API takes: " + unknown.body());
        // One bad event refuses the whole batch: the good one before it is not kept.
        var batch = JSON.createArrayNode().add(placed("ill-3", "ill-c", "north", "10", "EUR")).add(placed("ill-4", "ill-c", "north", "0", "EUR"));
        assertRefused(server.post(batch, null), "events[1].stake");
        assertEquals(before, snapshot());
    }

    @Test
    void anAgentNeverReceivesAnotherAgentsWager() throws Exception {
        assertEquals(403, north.statusOnly("GET", "/live?topics=dashboard_agent:south", Map.of("Accept", "text/event-stream")).statusCode());
        assertEquals(403, north.statusOnly("GET", "/live?topics=dashboard", Map.of("Accept", "text/event-stream")).statusCode());
        assertEquals(403, north.get("/dashboard/kiosk").statusCode());
        long since = value("select last_seq from change_counter", Long.class);
        try (var stream = SseClient.open(node.port(), "/live?topics=dashboard_agent:north&since=" + since, null, "sb_session=" + north.cookie("sb_session"))) {
            assertEquals(204, server.post(placed("iso-s1", "iso-south", "south", "20", "EUR"), null).statusCode());
            assertEquals(204, server.post(placed("iso-n1", "iso-north", "north", "30", "EUR"), null).statusCode());
            assertEquals(204, server.post(placed("iso-s2", "iso-south", "south", "40", "EUR"), null).statusCode());
            stream.await("north's wager", s -> s.events().stream().anyMatch(e -> e.data().contains("iso-n1")), WAIT);
            assertTrue(stream.events().stream().noneMatch(e -> e.data().contains("iso-s")), "a south wager reached north's stream");
        }
        // Replay after a reconnect: the same rule.
        try (var replay = SseClient.open(node.port(), "/live?topics=dashboard_agent:north&since=" + since, null, "sb_session=" + north.cookie("sb_session"))) {
            replay.await("the replay", s -> s.events().stream().anyMatch(e -> e.data().contains("iso-n1")), WAIT);
            assertTrue(replay.events().stream().noneMatch(e -> e.data().contains("iso-s") || e.data().contains("iso-south")));
        }
        String page = north.get("/dashboard").body();
        assertTrue(page.contains("iso-n1"), page);
        assertFalse(page.contains("iso-s1") || page.contains("iso-south"), "north's page shows a south wager");
        assertEquals(200, north.get("/dashboard?agent=south").statusCode(), "an agent's own view whatever the query says");
        assertFalse(north.get("/dashboard?agent=south").body().contains("iso-s1"));
        String book = admin.get("/dashboard").body();
        assertTrue(book.contains("iso-s1"), "admins see the whole book");
        assertTrue(book.contains("<svg class=\"spark\""), "sparklines drawn on the server");
        assertTrue(admin.get("/dashboard?agent=south").body().contains("iso-s1"));
        assertFalse(admin.get("/dashboard?agent=south").body().contains("iso-n1"), "the admin's agent filter");
        assertTrue(node.database().sql().fetchExists(switchboard.db.jooq.Tables.ACTIVITY,
                switchboard.db.jooq.Tables.ACTIVITY.ICON.eq("sign-in").and(switchboard.db.jooq.Tables.ACTIVITY.AGENT_ID.eq("north"))), "an agent's sign-in");
        assertTrue(south.get("/dashboard").body().contains("iso-s2"));
    }

    /**
     * "+N more in the last second" only for a burst of the last moments: a review saw a replay
     * ({@code since=0}) say it of wagers placed an hour before.
     */
    @Test
    void aBurstSaysInTheLastSecondOnlyWhenItIsRecent() throws Exception {
        long since = value("select last_seq from change_counter", Long.class);
        var burst = JSON.createArrayNode();
        for (int i = 0; i < Dashboard.BATCH + 5; i++) {
            burst.add(placed("burst-" + i, "burst-c" + i, "north", "1", "EUR"));
        }
        String cookie = "sb_session=" + north.cookie("sb_session");
        try (var live = SseClient.open(node.port(), "/live?topics=dashboard_agent:north&since=" + since, null, cookie)) {
            assertEquals(204, server.post(burst, null).statusCode());
            live.await("the burst", s -> s.events().stream().anyMatch(e -> e.data().contains("burst-" + (Dashboard.BATCH + 4))), WAIT);
            assertTrue(live.events().stream().anyMatch(e -> e.data().contains("<li class=\"more\">+5 more in the last second</li>")),
                    live.events().toString());
        }
        // The same burst, committed an hour ago, replayed after a reconnect.
        node.database().sql().execute("update change_log set at = at - interval '1 hour' where seq > {0}", since);
        try (var replay = SseClient.open(node.port(), "/live?topics=dashboard_agent:north&since=" + since, null, cookie)) {
            replay.await("the replay", s -> s.events().stream().anyMatch(e -> e.data().contains("burst-" + (Dashboard.BATCH + 4))), WAIT);
            assertTrue(replay.events().stream().anyMatch(e -> e.data().contains("<li class=\"more\">+5 more</li>")), replay.events().toString());
            assertTrue(replay.events().stream().noneMatch(e -> e.data().contains("in the last second")), "an hour-old burst is not of the last second");
        }
    }

    @Test
    void anAlertShowsOnEveryScreenAndAcknowledgingClearsItEverywhere() throws Exception {
        long since = value("select last_seq from change_counter", Long.class);
        try (var book = SseClient.open(node.port(), "/live?topics=dashboard&since=" + since, null, "sb_session=" + admin.cookie("sb_session"));
             var agent = SseClient.open(node.port(), "/live?topics=dashboard_agent:south&since=" + since, null, "sb_session=" + south.cookie("sb_session"))) {
            assertEquals(204, server.post(placed("big-1", "whale", "south", "9000", "EUR"), null).statusCode());
            for (var stream : List.of(book, agent)) {
                stream.await("the alert", s -> s.events().stream().anyMatch(e -> e.event().equals("alerts") && e.data().contains("big-1")), WAIT);
            }
            long alert = value("select id from alerts where message like '%big-1%'", Long.class);
            var ack = south.send("POST", "/dashboard/alerts/" + alert + "/acknowledgement", "", "application/x-www-form-urlencoded",
                    Map.of("pac4jCsrfToken", south.csrf(), "HX-Request", "true"));
            assertEquals(204, ack.statusCode(), ack.body());
            for (var stream : List.of(book, agent)) {
                stream.await("the acknowledgement", s -> s.events().stream().anyMatch(e -> e.event().equals("alerts")
                        && e.data().contains("acknowledged by Agent south")), WAIT);
            }
        }
        assertEquals(404, north.send("POST", "/dashboard/alerts/1/acknowledgement", "", "application/x-www-form-urlencoded",
                Map.of("pac4jCsrfToken", north.csrf(), "HX-Request", "true")).statusCode(), "north cannot acknowledge south's alert");
    }

    /**
     * Acknowledging says so in the feed of the alert's own agent and the book's, quoting the alert
     * (its id is nowhere on the page), and never in another agent's: a review found an admin's
     * acknowledgement of an agent's alert written for no agent ("Root acknowledged alert 2"), so
     * that agent never saw it. In the whole book's view each alert and banner names its agent.
     */
    @Test
    void acknowledgingIsSaidInTheAlertsAgentsFeedQuotingItAndInNoOtherAgents() throws Exception {
        String whale = "ack-" + "w".repeat(56);
        long since = value("select last_seq from change_counter", Long.class);
        try (var book = SseClient.open(node.port(), "/live?topics=dashboard&since=" + since, null, "sb_session=" + admin.cookie("sb_session"));
             var southStream = SseClient.open(node.port(), "/live?topics=dashboard_agent:south&since=" + since, null, "sb_session=" + south.cookie("sb_session"));
             var northStream = SseClient.open(node.port(), "/live?topics=dashboard_agent:north&since=" + since, null, "sb_session=" + north.cookie("sb_session"))) {
            assertEquals(204, server.post(placed("ack-big", "ack-c", "south", "6000", "EUR"), null).statusCode());
            // Over the big-wager threshold and the customer's exposure limit: a high and a critical alert, each naming the long id.
            assertEquals(204, server.post(placed("ack-whale", whale, "south", "30000", "EUR"), null).statusCode());
            String big = value("select message from alerts where message like '%ack-big%'", String.class);
            long bigId = value("select id from alerts where message like '%ack-big%'", Long.class);
            long exposureId = value("select id from alerts where rule = 'customer-exposure' and message like {0}", Long.class, "%" + whale + "%");
            String exposure = value("select message from alerts where id = {0}", String.class, exposureId);
            assertTrue(exposure.length() > DashboardStore.QUOTED, exposure);

            String bookPage = admin.get("/dashboard").body();
            for (long id : List.of(bigId, exposureId)) {
                assertTrue(java.util.regex.Pattern.compile("class=\"alert alert-\\w+\" data-alert=\"" + id + "\">\\s*<span class=\"priority\">\\w+</span> "
                        + "<span class=\"alert-agent\">Agent south:</span>").matcher(bookPage).find(), "the book's alert " + id + " names its agent: " + bookPage);
            }
            assertTrue(bookPage.contains("<p class=\"critical-banner\" data-alert=\"" + exposureId + "\">⚠ <span class=\"alert-agent\">Agent south:</span>"), bookPage);
            assertFalse(south.get("/dashboard").body().contains("alert-agent"), "an agent's own view holds only theirs: no label");

            // The agent acknowledges one, an admin the other.
            for (var ack : List.of(Map.entry(bigId, south), Map.entry(exposureId, admin))) {
                var answer = ack.getValue().send("POST", "/dashboard/alerts/" + ack.getKey() + "/acknowledgement", "", "application/x-www-form-urlencoded",
                        Map.of("pac4jCsrfToken", ack.getValue().csrf(), "HX-Request", "true"));
                assertEquals(204, answer.statusCode(), answer.body());
            }
            String bySouth = value("select acknowledged_by from alerts where id = {0}", String.class, bigId);
            String byAdmin = value("select acknowledged_by from alerts where id = {0}", String.class, exposureId);
            String quoted = bySouth + " acknowledged the alert “" + big + "”";
            String shortened = byAdmin + " acknowledged the alert “" + exposure.substring(0, DashboardStore.QUOTED - 1).stripTrailing() + "…”";
            assertEquals(List.of(quoted, shortened), node.database().sql()
                    .fetch("select text from activity where agent_id = 'south' and text like '% acknowledged the alert “% ack-%' order by id").getValues(0, String.class));
            for (var stream : List.of(book, southStream)) {
                // One push may carry both lines.
                stream.await("both acknowledgements in the feed", s -> {
                    String feed = s.events().stream().filter(e -> e.event().equals("activity")).map(SseClient.Event::data).reduce("", String::concat);
                    return feed.contains(quoted) && feed.contains(shortened);
                }, WAIT);
            }
            // North's own wager, committed after both: once it has arrived, anything before it has too.
            assertEquals(204, server.post(placed("ack-north", "ack-n", "north", "5", "EUR"), null).statusCode());
            northStream.await("north's wager", s -> s.events().stream().anyMatch(e -> e.data().contains("ack-north")), WAIT);
            assertTrue(northStream.events().stream().noneMatch(e -> e.data().contains("ack-big") || e.data().contains(whale)),
                    "north's stream got south's lines");
        }
        assertTrue(south.get("/dashboard").body().contains("acknowledged the alert “Wager ack-big"), "the agent's page shows the admin's and their own line");
        assertTrue(admin.get("/dashboard").body().contains("acknowledged the alert “Wager ack-big"), "so does the book's");
        String northPage = north.get("/dashboard").body();
        assertFalse(northPage.contains("ack-big") || northPage.contains(whale), "another agent's page never does");
    }

    /**
     * A liability jump made of concurrent wagers raises exactly one alert (V17): each wager checks
     * the rule in its own transaction, the fold job catches a jump none of them could see, and a
     * try-lock per currency keeps two raisers from both inserting.
     */
    @Test
    void aLiabilityJumpOfConcurrentWagersRaisesExactlyOneAlert() throws Exception {
        var sql = node.database().sql();
        // The book's DKK liability five minutes ago: one wager placed ten minutes back, by plain SQL.
        sql.execute("insert into customers (id, agent_id) values ('jump-c', 'north') on conflict do nothing");
        sql.execute("insert into wagers (ref, customer_id, agent_id, currency, stake, odds, potential_payout, market, placed_at, updated_at) "
                + "values ('jump-old', 'jump-c', 'north', 'DKK', 100, 2.5, 250, 'Old market', now() - interval '10 minutes', now() - interval '10 minutes')");
        int writers = 12;
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            var answers = new ArrayList<java.util.concurrent.Future<HttpResponse<String>>>();
            for (int w = 0; w < writers; w++) {
                int i = w;
                answers.add(pool.submit(() -> {
                    start.await();
                    return server.post(placed("jump-" + i, "jump-c" + i, "north", "100", "DKK"), null);
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertEquals(204, answer.get().statusCode(), answer.get().body());
            }
        }
        String count = "select count(*) from alerts where rule = 'liability-jump' and subject = 'DKK'";
        try (var fold = node.dashboard().foldJob()) {
            Wait.until("the liability-jump alert", () -> {
                fold.runOnce();
                return value(count, Long.class) > 0;
            }, WAIT);
            assertEquals(1L, value(count, Long.class), "one alert for one jump, however many wagers made it");
            // Still above the threshold: a further wager and another fold raise no second alert within five minutes.
            assertEquals(204, server.post(placed("jump-late", "jump-c", "north", "100", "DKK"), null).statusCode());
            Wait.until("a fold after the late wager", fold::runOnce, WAIT);
        }
        assertEquals(1L, value(count, Long.class), "no second alert while the first is under five minutes old");
        assertTrue(value("select message from alerts where rule = 'liability-jump' and subject = 'DKK'", String.class)
                .startsWith("Liability in DKK rose over 50 % in 5 minutes (250"));
    }

    /** The stream is an append region: a wager the page showed is never pushed to it again, however close to the render it was committed. */
    @Test
    void aWagerShownByThePageIsNeverPushedAgain() throws Exception {
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var placedCount = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                if (server.post(placed("race-" + i, "race-c" + (i % 7), "north", "3", "EUR"), null).statusCode() == 204) {
                    placedCount.incrementAndGet();
                }
            }
        });
        var refs = java.util.regex.Pattern.compile("data-wager=\"(race-\\d+)\"");
        var sincePattern = java.util.regex.Pattern.compile("since=(\\d+)");
        var pages = new ArrayList<java.util.Set<String>>();
        var streams = new ArrayList<SseClient>();
        try {
            Wait.until("the first wagers to arrive", () -> placedCount.get() >= 5, WAIT);
            for (int i = 0; i < 12; i++) {
                String body = admin.get("/dashboard").body();
                var shown = new java.util.HashSet<String>();
                refs.matcher(body).results().forEach(m -> shown.add(m.group(1)));
                var since = sincePattern.matcher(body);
                assertTrue(since.find(), "the page names its stream's seq");
                pages.add(shown);
                streams.add(SseClient.open(node.port(), "/live?topics=dashboard&since=" + since.group(1), null, "sb_session=" + admin.cookie("sb_session")));
                int before = placedCount.get();
                Wait.until("another wager", () -> placedCount.get() > before, WAIT);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        TestDatabase.awaitSequenced(node.database().url());
        long head = value("select last_seq from change_counter", Long.class);
        for (int i = 0; i < streams.size(); i++) {
            var stream = streams.get(i);
            stream.await("the stream to reach the head", s -> s.lastEventId() != null && Long.parseLong(s.lastEventId()) >= head, WAIT);
            var pushed = new java.util.HashSet<String>();
            for (var e : stream.events()) {
                refs.matcher(e.data()).results().forEach(m -> assertTrue(pushed.add(m.group(1)), m.group(1) + " pushed twice"));
            }
            var twice = new java.util.HashSet<>(pushed);
            twice.retainAll(pages.get(i));
            assertTrue(twice.isEmpty(), "page " + i + " showed and was then pushed " + twice);
            assertFalse(pages.get(i).isEmpty() && pushed.isEmpty(), "page " + i + " saw wagers");
            stream.close();
        }
    }

    @Test
    void anAlertIsAcknowledgedWithoutJavaScriptByAPlainFormPost() {
        assertEquals(204, server.post(placed("big-nojs", "whale-nojs", "north", "7000", "EUR"), null).statusCode());
        long alert = value("select id from alerts where message like '%big-nojs%'", Long.class);
        String page = admin.get("/dashboard").body();
        var form = java.util.regex.Pattern.compile("action=\"/dashboard/alerts/" + alert + "/acknowledgement\"[^>]*>\\s*<input type=\"hidden\" name=\"pac4jCsrfToken\" value=\"([^\"]+)\"")
                .matcher(page);
        assertTrue(form.find(), "the page's form carries the token for a post without JavaScript");
        assertEquals(403, admin.post("/dashboard/alerts/" + alert + "/acknowledgement", Map.of(), true).statusCode(), "no token, no acknowledgement");
        var answer = admin.post("/dashboard/alerts/" + alert + "/acknowledgement", Map.of("pac4jCsrfToken", form.group(1)), true);
        assertEquals(303, answer.statusCode(), answer.body());
        assertEquals("/dashboard", answer.headers().firstValue("Location").orElseThrow());
        assertTrue(admin.get("/dashboard").body().contains("class=\"alert acknowledged\" data-alert=\"" + alert + "\""), "shown as acknowledged after the redirect");
        assertTrue(value("select acknowledged_at is not null from alerts where id = {0}", Boolean.class, alert));
    }

    @Test
    void anAlertAcknowledgedTwiceSaysWhoWasFirstAndOneThatIsNotThereIsAPage() {
        assertEquals(204, server.post(placed("big-twice", "whale-twice", "south", "7000", "EUR"), null).statusCode());
        long alert = value("select id from alerts where message like '%big-twice%'", Long.class);
        String path = "/dashboard/alerts/" + alert + "/acknowledgement";
        String form = "pac4jCsrfToken=" + java.net.URLEncoder.encode(admin.csrf(), java.nio.charset.StandardCharsets.UTF_8);
        var view = Map.of("Referer", "http://localhost/dashboard?status=pending&currency=EUR&already=3", "Accept", "text/html");
        var first = admin.send("POST", path, form, "application/x-www-form-urlencoded", view);
        assertEquals("/dashboard?status=pending&currency=EUR", first.headers().firstValue("Location").orElseThrow(), "an earlier notice is not carried on");
        String by = value("select acknowledged_by from alerts where id = {0}", String.class, alert);
        // Without JavaScript: back to the same view, saying who was first and when.
        var again = admin.send("POST", path, form, "application/x-www-form-urlencoded", view);
        assertEquals(303, again.statusCode(), again.body());
        String back = again.headers().firstValue("Location").orElseThrow();
        assertEquals("/dashboard?status=pending&currency=EUR&already=" + alert, back);
        String page = admin.get(back).body();
        var notice = java.util.regex.Pattern.compile("<p class=\"notice\" role=\"status\" data-alert=\"" + alert
                + "\">This alert was already acknowledged by " + java.util.regex.Pattern.quote(by) + " at <time [^>]*>\\d{2}:\\d{2}:\\d{2} UTC</time>\\.</p>").matcher(page);
        assertTrue(notice.find(), page);
        assertFalse(admin.get("/dashboard").body().contains("already acknowledged"), "no notice without the redirect's parameter");
        assertEquals(200, admin.get("/dashboard?already=x").statusCode(), "a bad notice id is no notice");
        // With htmx: the same sentence, as a fragment.
        var htmx = admin.send("POST", path, "", "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", admin.csrf(), "HX-Request", "true"));
        assertEquals(409, htmx.statusCode(), htmx.body());
        assertTrue(htmx.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), htmx.headers().toString());
        assertTrue(htmx.body().startsWith("<p class=\"notice\"") && htmx.body().contains("already acknowledged by " + by), htmx.body());
        // No such alert, or another agent's: a 404 page with a way back to the view, whatever the request accepts.
        for (var client : List.of(admin, north)) {
            long missing = client == admin ? 999_999 : alert;
            String token = "pac4jCsrfToken=" + java.net.URLEncoder.encode(client.csrf(), java.nio.charset.StandardCharsets.UTF_8);
            var none = client.send("POST", "/dashboard/alerts/" + missing + "/acknowledgement", token, "application/x-www-form-urlencoded",
                    Map.of("Referer", "http://localhost/dashboard?status=pending", "Accept", "*/*"));
            assertEquals(404, none.statusCode(), none.body());
            assertTrue(none.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), none.headers().toString());
            assertTrue(none.body().contains("There is no alert " + missing + " on your dashboard.") && none.body().contains("href=\"/dashboard?status=pending\""),
                    none.body());
        }
        assertEquals(by, value("select acknowledged_by from alerts where id = {0}", String.class, alert), "nothing changed");
    }

    @Test
    void theKioskAnswers304WhileNothingChanged() {
        node.auth().users().create("wall", "Wall", "kiosk password", Role.MEMBER);
        String token = node.auth().kioskLinks().create("Office wall", null).token();
        var kiosk = new WebClient(node.port());
        assertEquals(302, kiosk.get("/kiosk/" + token).statusCode());
        var first = kiosk.get("/dashboard/kiosk");
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("http-equiv=\"refresh\""));
        assertTrue(first.body().contains("Last updated"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = kiosk.send("GET", "/dashboard/kiosk", null, null, Map.of("If-None-Match", etag));
        // The ETag also carries the minute: at a minute's turn the page is new, and so is its tag.
        assertTrue(again.statusCode() == 304 || !again.headers().firstValue("ETag").orElseThrow().equals(etag), "answered " + again.statusCode());
        assertEquals(204, server.post(placed("wall-1", "wall-c", "north", "5", "EUR"), null).statusCode());
        var changed = kiosk.send("GET", "/dashboard/kiosk", null, null, Map.of("If-None-Match", etag));
        assertEquals(200, changed.statusCode());
    }

    /**
     * 10,000 random events (the count; {@code -Ddashboard.events=N} to change it), sent in batches of 40 through the
     * ingest API, one batch in ten sent again as a retry. Every 25th batch is a sampled window: its first 8 events go one request
     * at a time and the aggregates are recomputed from scratch after each of them (80 steps of the 10,000).
     */
    @Test
    void kpisEqualAFromScratchRecomputationAfterRandomEvents() {
        int total = Integer.getInteger("dashboard.events", 10_000);
        var random = new java.util.Random(14);
        var pending = new ArrayList<String>();
        var currencies = List.of("EUR", "USD", "GBP", "JPY");
        int events = 0;
        int batches = 0;
        int checks = 0;
        while (events < total) {
            var batch = JSON.createArrayNode();
            for (int i = 0; i < 40 && events < total; i++, events++) {
                batch.add(randomEvent(random, pending, currencies, events));
            }
            if (++batches % 25 == 0) {
                // A sampled window: its first events one request at a time, checked after each; the rest as one batch.
                var rest = JSON.createArrayNode();
                for (int i = 0; i < batch.size(); i++) {
                    if (i >= 8) {
                        rest.add(batch.get(i));
                        continue;
                    }
                    var answer = server.post(batch.get(i), null);
                    assertEquals(204, answer.statusCode(), answer.body());
                    assertAggregatesMatchTheWagers();
                    checks++;
                }
                batch = rest;
                if (batch.isEmpty()) {
                    continue;
                }
            }
            var answer = server.post(batch, null);
            assertEquals(204, answer.statusCode(), answer.body());
            if (random.nextInt(10) == 0) {
                assertEquals(204, server.post(batch, null).statusCode(), "a retried batch");
                assertEquals("0", server.post(batch, null).headers().firstValue("X-Events-Applied").orElse(""));
            }
        }
        assertAggregatesMatchTheWagers();
        assertEquals(total, events);
        assertTrue(checks >= 8, "sampled steps checked: " + checks);
        assertTrue(value("select count(*) from wagers where ref like 'kpi-%'", Long.class) > total / 3, "placed wagers");
        for (String status : List.of("won", "lost", "void", "cancelled", "pending")) {
            assertTrue(value("select count(*) from wagers where ref like 'kpi-%' and status = {0}", Long.class, status) > 0, status);
        }
    }

    private static ObjectNode randomEvent(java.util.Random random, List<String> pending, List<String> currencies, int n) {
        int roll = random.nextInt(100);
        if (pending.isEmpty() || roll < 40) {
            String id = "kpi-" + n;
            int customer = random.nextInt(40);
            pending.add(id);
            return placed(id, "kc-" + customer, "agent-" + customer % 5, String.valueOf(1 + random.nextInt(500)),
                    currencies.get(customer % currencies.size())).put("odds", (110 + random.nextInt(400)) / 100.0 + "");
        }
        String id = pending.get(random.nextInt(pending.size()));
        if (roll < 55) {
            return event("wager.modified", id).put("stake", String.valueOf(1 + random.nextInt(300)));
        }
        pending.remove(id);
        if (roll >= 90) {
            return event("wager.cancelled", id);
        }
        String result = List.of("won", "lost", "void").get(random.nextInt(3));
        var settle = event("wager.settled", id).put("result", result);
        return result.equals("won") ? settle.put("payout", "1") : settle;
    }

    @Test
    void concurrentBatchesInOppositeCurrencyOrdersAllCommit() throws Exception {
        var currencies = List.of("EUR", "USD", "GBP");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var answers = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int client = 0; client < 4; client++) {
                int c = client;
                answers.add(pool.submit(() -> {
                    int ok = 0;
                    for (int b = 0; b < 8; b++) {
                        var batch = JSON.createArrayNode();
                        for (int i = 0; i < 3; i++) {
                            String currency = currencies.get(c % 2 == 0 ? i : 2 - i);
                            batch.add(placed("race-" + c + "-" + b + "-" + i, "race-" + currency, "agent-" + currency, "10", currency));
                        }
                        ok += server.post(batch, null).statusCode() == 204 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (var answer : answers) {
                assertEquals(8, answer.get());
            }
        }
        assertAggregatesMatchTheWagers();
    }

    @Test
    void sixteenWritersAtOnceNeverFailAndTheKpisStayExact() throws Exception {
        var currencies = List.of("CHF", "SEK", "NOK");
        int writers = 16;
        int requests = 30;
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (var fold = node.dashboard().foldJob(); var pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1)) {
            // The fold runs all along, as it does every few seconds on a live node.
            var folding = pool.submit(() -> {
                int runs = 0;
                while (!stop.get()) {
                    runs += fold.runOnce() ? 1 : 0;
                    Thread.sleep(20);
                }
                return runs;
            });
            var answers = new ArrayList<java.util.concurrent.Future<List<String>>>();
            for (int writer = 0; writer < writers; writer++) {
                int w = writer;
                answers.add(pool.submit(() -> {
                    var failures = new ArrayList<String>();
                    var mine = new ArrayList<String>();
                    var random = new java.util.Random(w);
                    for (int r = 0; r < requests; r++) {
                        var batch = JSON.createArrayNode();
                        int size = r % 2 == 0 ? 1 : 6;
                        for (int i = 0; i < size; i++) {
                            // Every writer shares the twelve customers, walked in opposite orders by odd and even writers.
                            int k = w % 2 == 0 ? (r + i) % 12 : 11 - (r + i) % 12;
                            if (!mine.isEmpty() && i % 3 == 2) {
                                String id = mine.remove(random.nextInt(mine.size()));
                                batch.add(i % 2 == 0 ? event("wager.settled", id).put("result", "lost")
                                        : event("wager.modified", id).put("stake", String.valueOf(1 + random.nextInt(90))));
                                if (i % 2 != 0) {
                                    mine.add(id);
                                }
                                continue;
                            }
                            String id = "conc-" + w + "-" + r + "-" + i;
                            mine.add(id);
                            batch.add(placed(id, "conc-c" + k, "conc-agent-" + k % 4, String.valueOf(1 + random.nextInt(200)),
                                    currencies.get((w + r + i) % currencies.size())));
                        }
                        var answer = server.post(size == 1 ? batch.get(0) : batch, null);
                        if (answer.statusCode() != 204) {
                            failures.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                    return failures;
                }));
            }
            for (var answer : answers) {
                assertEquals(List.of(), answer.get());
            }
            stop.set(true);
            assertTrue(folding.get() > 0, "the fold ran during the writes");
        }
        assertEquals(writers * requests / 2 * (1 + 4), value("select count(*) from wagers where ref like 'conc-%'", Long.class),
                "every placement committed once");
        assertAggregatesMatchTheWagers();
        try (var fold = node.dashboard().foldJob()) {
            assertTrue(fold.runOnce());
        }
        assertEquals(0L, value("select count(*) from wager_totals where stripe <> 0", Long.class), "an idle fold leaves one row per stock");
        assertAggregatesMatchTheWagers();
    }

    @Test
    void thePruneJobDropsKpiBucketsNoTileReadsAnyMore() {
        var sql = node.database().sql();
        sql.execute("insert into wager_minutes (scope, currency, minute) values ('prune-test', 'XTS', date_trunc('minute', now() - interval '4 days')),"
                + " ('prune-test', 'XTS', date_trunc('minute', now() - interval '1 day'))");
        sql.execute("insert into wager_hours (scope, currency, hour) values ('prune-test', 'XTS', date_trunc('hour', now() - interval '4 days')),"
                + " ('prune-test', 'XTS', date_trunc('hour', now() - interval '1 day'))");
        try (var prune = node.dashboard().pruneJob()) {
            assertTrue(prune.runOnce());
        }
        assertEquals(1L, value("select count(*) from wager_minutes where scope = 'prune-test'", Long.class), "the minute of yesterday stays");
        assertEquals(1L, value("select count(*) from wager_hours where scope = 'prune-test'", Long.class), "the hour of yesterday stays");
        sql.execute("delete from wager_minutes where scope = 'prune-test'");
        sql.execute("delete from wager_hours where scope = 'prune-test'");
    }

    @Test
    void seededHistoryAndTheSimulatorKeepTheAggregatesRight() throws Exception {
        var progress = new ArrayList<Integer>();
        node.dashboard().demo().seed(600, 24, progress::add);
        assertEquals(List.of(500, 600), progress);
        assertTrue(value("select count(*) from wagers where status = 'won' and updated_at < now() - interval '1 hour'", Long.class) > 0, "history is settled");
        try (var simulator = node.dashboard().demo().simulate(Duration.ofMillis(20))) {
            Wait.until("simulated wagers", () -> value("select count(*) from wagers where ref like 'sim-%'", Long.class) >= 3, WAIT);
        }
        assertAggregatesMatchTheWagers();
    }

    /** Every aggregate the triggers keep, against the same figure computed from the wagers themselves. */
    private static void assertAggregatesMatchTheWagers() {
        var sql = node.database().sql();
        String recomputed = """
                with scoped as (select 'book' as scope, w.* from wagers w union all select 'agent:' || w.agent_id, w.* from wagers w)
                select scope, currency,
                       count(*) filter (where status = 'pending') as pending_count,
                       coalesce(sum(stake) filter (where status = 'pending'), 0)::numeric(40, 4) as pending_stake,
                       coalesce(sum(potential_payout) filter (where status = 'pending'), 0)::numeric(40, 4) as liability,
                       (coalesce(sum(stake) filter (where status = 'lost'), 0) - coalesce(sum(payout) filter (where status = 'won'), 0))::numeric(40, 4) as revenue,
                       count(*) as placed
                from scoped group by scope, currency order by scope, currency
                """;
        String kept = """
                select t.scope, t.currency, t.pending_count, t.pending_stake::numeric(40, 4), t.liability::numeric(40, 4),
                       (select sum(revenue) from wager_minutes m where m.scope = t.scope and m.currency = t.currency)::numeric(40, 4) as revenue,
                       (select sum(placed) from wager_minutes m where m.scope = t.scope and m.currency = t.currency) as placed
                from (select scope, currency, sum(pending_count) as pending_count, sum(pending_stake) as pending_stake, sum(liability) as liability
                      from wager_totals group by 1, 2) t order by t.scope, t.currency
                """;
        assertEquals(sql.fetch(recomputed).formatCSV(), sql.fetch(kept).formatCSV());
        assertEquals(sql.fetch("select scope, currency, sum(pending_count) as pending_count, sum(pending_stake) as pending_stake, sum(liability) as liability from wager_minutes group by 1, 2 order by 1, 2").formatCSV(),
                sql.fetch("select scope, currency, sum(pending_count) as pending_count, sum(pending_stake) as pending_stake, sum(liability) as liability from wager_totals group by 1, 2 order by 1, 2").formatCSV(),
                "the stock's per-minute changes add up to the stock");
        assertEquals(sql.fetch("select customer_id, currency, exposure::numeric(40, 4) from customer_exposure where exposure <> 0 order by 1, 2").formatCSV(),
                sql.fetch("select customer_id, currency, sum(potential_payout)::numeric(40, 4) as exposure from wagers where status = 'pending' "
                        + "group by 1, 2 order by 1, 2").formatCSV(), "each customer's exposure, per currency");
        var kpis = new KpiStore(sql).kpis("book", "Whole book");
        long active = value("select count(distinct customer_id) from wagers where placed_at >= date_trunc('minute', now()) - interval '14 minutes'", Long.class);
        assertEquals(active, kpis.activePlayers());
        // The V19 rollups: hours equal their minutes; the active-players changes kept wager by wager equal a rebuild; and
        // active players now, a day ago and over the last hour equal distinct counts over the wagers, at the tile's time.
        KpiHistoryTest.assertRollupsEqualARebuild(sql);
        KpiHistoryTest.assertActivePlayersEqualTheWagers(sql, "book", kpis);
        for (var c : kpis.currencies()) {
            var revenue = value("select coalesce(sum(stake) filter (where status = 'lost'), 0) - coalesce(sum(payout) filter (where status = 'won'), 0) "
                    + "from wagers where currency = {0} and updated_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'", java.math.BigDecimal.class, c.currency());
            assertEquals(0, revenue.compareTo(c.revenue()), c.currency() + " revenue today");
        }
    }
}
