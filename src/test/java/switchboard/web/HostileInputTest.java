package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Access;
import switchboard.auth.ApiKeys;
import switchboard.auth.Role;
import switchboard.records.Records;
import switchboard.testing.IngestClient;
import switchboard.testing.Stored;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * A hostile-input sweep over every registered route: every query parameter, form field and path
 * parameter it reads gets control characters, and numbers, dates and choices get values out of
 * range; every body-carrying route gets an unknown charset and broken multipart. No answer may be
 * a 5xx and nothing stored may change. A new route fails this test until its row says what it reads.
 * Each field is sent with an otherwise valid form, so a value that got through would be stored.
 */
class HostileInputTest {
    enum Kind { TEXT, NUMBER, DATE, CHOICE }

    /** Route → its inputs: "q:name:KIND" (query), "f:name:KIND" (form), with a valid value after '=' for forms. */
    private static final Map<String, List<String>> INPUTS = new LinkedHashMap<>();

    static {
        reads("GET /");
        reads("GET /login", "q:username:TEXT", "q:error:TEXT", "q:next:TEXT");
        reads("POST /callback", "q:client_name:CHOICE", "f:username:TEXT=root", "f:password:TEXT=not the password", "f:next:TEXT=/chat");
        reads("POST /logout", "q:url:TEXT", "f:url:TEXT=/x");
        reads("GET /kiosk/{token}");
        reads("GET /ingest/v1/key");
        reads("GET /admin");
        reads("GET /admin/users", "q:done:CHOICE");
        reads("POST /admin/users", "f:username:TEXT=newbie", "f:displayName:TEXT=Newbie", "f:password:TEXT=a long password", "f:role:CHOICE=MEMBER");
        reads("POST /admin/users/{id}/role", "f:role:CHOICE=MEMBER");
        reads("POST /admin/users/{id}/password", "f:password:TEXT=another long password");
        reads("POST /admin/users/{id}/status", "f:status:CHOICE=disabled");
        reads("GET /admin/keys");
        reads("POST /admin/keys", "f:name:TEXT=server two", "f:tables:TEXT=lobby-*");
        reads("POST /admin/keys/{id}/revocation");
        reads("GET /admin/kiosks");
        reads("GET /admin/ops", "q:trace:TEXT");
        reads("POST /admin/kiosks", "f:screen:TEXT=Hall");
        reads("POST /admin/kiosks/{id}/revocation");
        reads("GET /live", "q:topics:TEXT", "q:since:NUMBER", "q:lastEventId:NUMBER");
        reads("GET /hold");
        reads("PUT /hold/presence", "q:page:TEXT");
        reads("DELETE /hold/presence", "q:page:TEXT");
        reads("GET /health");
        reads("GET /health/ready");
        reads("GET /health/live");
        reads("GET /docs/ingest");
        reads("GET /metrics");
        reads("POST /ingest/v1/events");
        reads("GET /tables");
        reads("GET /polls", "q:filter:CHOICE");
        reads("GET /polls/{id}");
        reads("GET /polls/{id}/kiosk");
        reads("POST /polls/{id}/holds", "f:option:NUMBER=1");
        reads("DELETE /polls/{id}/holds/{hold}");
        reads("POST /polls/{id}/votes", "f:hold:NUMBER=1");
        reads("GET /admin/polls");
        reads("POST /admin/polls", "f:question:TEXT=Tea?", "f:options:TEXT=Yes\nNo", "f:closesAt:DATE=");
        reads("GET /admin/polls/{id}");
        reads("POST /admin/polls/{id}", "f:question:TEXT=Tea?", "f:options:TEXT=Yes\nNo", "f:closesAt:DATE=");
        reads("POST /admin/polls/{id}/status", "f:status:CHOICE=closed");
        reads("GET /stats");
        reads("GET /stats/kiosk");
        reads("GET /admin/metrics");
        reads("GET /chat", "q:before:NUMBER", "q:q:TEXT");
        reads("GET /chat/threads");
        reads("POST /chat/threads", "f:title:TEXT=Hostile", "f:members:TEXT=ada");
        reads("GET /chat/{id}", "q:before:NUMBER", "q:q:TEXT", "q:message:NUMBER");
        reads("GET /chat/people", "q:members:TEXT", "q:username:TEXT", "q:thread:NUMBER");
        reads("POST /chat/{id}/title", "f:title:TEXT=Renamed");
        reads("POST /chat/{id}/members", "f:username:TEXT=bob");
        reads("POST /chat/{id}/members/{user}/removal");
        reads("POST /chat/{id}/deletion");
        reads("POST /chat/{id}/pin", "f:pinned:CHOICE=true");
        reads("POST /chat/{id}/read");
        reads("POST /chat/{id}/messages", "f:body:TEXT=hello", "f:client_id:TEXT=3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e");
        reads("GET /chat/{id}/messages", "q:before:NUMBER");
        reads("POST /chat/{id}/messages/{message}", "f:body:TEXT=edited");
        reads("GET /chat/{id}/messages/{message}");
        reads("POST /chat/{id}/messages/{message}/deletion");
        reads("PUT /chat/{id}/draft", "f:body:TEXT=draft");
        reads("POST /chat/{id}/typing");
        reads("GET /chat/{id}/attachments/{file}");
        reads("GET /tables/{id}");
        reads("GET /account");
        reads("GET /dashboard", "q:status:CHOICE", "q:currency:CHOICE", "q:min:NUMBER", "q:agent:TEXT", "q:already:NUMBER");
        reads("GET /dashboard/kiosk");
        reads("POST /dashboard/alerts/{id}/acknowledgement");
        reads("GET /admin/alerts", "q:saved:TEXT");
        reads("POST /admin/alerts", "f:bigWager:NUMBER=5000", "f:liabilityJumpPct:NUMBER=50", "f:customerExposure:NUMBER=50000", "f:feedLagMs:NUMBER=2000");
        reads("POST /admin/alerts/currencies", "f:currency:TEXT=JPY", "f:currencyBigWager:NUMBER=100000", "f:currencyExposure:NUMBER=5000000");
        reads("GET /admin/agents", "q:created:TEXT");
        reads("POST /admin/agents", "f:agentId:TEXT=west", "f:agentName:TEXT=West", "f:username:TEXT=west1", "f:displayName:TEXT=West",
                "f:password:TEXT=a long password");
        reads("GET /admin/wagers/new", "q:placed:TEXT");
        reads("POST /admin/wagers", "f:wagerId:TEXT=w1", "f:customerId:TEXT=c1", "f:agentId:TEXT=west", "f:stake:NUMBER=10", "f:currency:CHOICE=EUR",
                "f:odds:NUMBER=2.5", "f:market:TEXT=Final");
        reads("POST /account/password", "f:current:TEXT=admin password", "f:password:TEXT=a new password", "f:confirm:TEXT=a new password");
        records();
    }

    /** The records routes (issue 15): each kind's list, page, form and sub-resources. */
    private static void records() {
        reads("GET /records");
        reads("GET /notifications");
        reads("POST /notifications/read");
        var forms = Map.of(
                "beneficiaries", List.of("f:name:TEXT=Ali Veli", "f:national_id:TEXT=10000000146", "f:phone:TEXT=0532 123 45 67", "f:address:TEXT=Kadıköy",
                        "f:household_size:NUMBER=3", "f:status:CHOICE=active", "f:notes:TEXT="),
                "applications", List.of("f:beneficiary_id:NUMBER=1", "f:aid_kind:CHOICE=food", "f:amount_requested:NUMBER=100", "f:currency:TEXT=TRY",
                        "f:handler_id:TEXT=root", "f:notes:TEXT="),
                "donations", List.of("f:donor_name:TEXT=Deniz", "f:donor_contact:TEXT=", "f:amount:NUMBER=100", "f:currency:TEXT=EUR", "f:method:CHOICE=cash",
                        "f:status:CHOICE=received", "f:transaction_date:DATE=2026-11-01", "f:notes:TEXT="),
                "tasks", List.of("f:title:TEXT=Call", "f:description:TEXT=", "f:assignee_id:TEXT=ada", "f:due_date:DATE=2026-12-01", "f:priority:CHOICE=high",
                        "f:status:CHOICE=open"),
                "meetings", List.of("f:title:TEXT=Board", "f:starts_at:DATE=2026-12-01T10:00", "f:organizer_id:TEXT=root", "f:location:TEXT=Hall",
                        "f:attendees:TEXT=ada, bob", "f:notes:TEXT="));
        var list = new String[] {"q:q:TEXT", "q:sort:CHOICE", "q:dir:CHOICE", "q:after:TEXT", "q:count:CHOICE", "q:undo:NUMBER", "q:status:CHOICE", "q:currency:TEXT"};
        for (String kind : List.of("beneficiaries", "applications", "donations", "finance", "tasks", "meetings")) {
            String base = "/records/" + kind;
            var listed = new ArrayList<>(List.of(list));
            listed.add("q:version:NUMBER");
            reads("GET " + base, listed.toArray(String[]::new));
            reads("GET " + base + "/export", list);
            var matching = new ArrayList<>(List.of(list));
            matching.add("q:ids:TEXT");
            reads("GET " + base + "/matching", matching.toArray(String[]::new));
            reads("GET " + base + "/{id}");
            if (kind.equals("finance")) {
                continue;
            }
            var form = new ArrayList<>(forms.get(kind));
            reads("GET " + base + "/trash");
            reads("GET " + base + "/new");
            reads("POST " + base, form.toArray(String[]::new));
            reads("GET " + base + "/{id}/edit");
            form.add("f:version:NUMBER=1");
            form.add("f:seen:NUMBER=0");
            reads("POST " + base + "/{id}", form.toArray(String[]::new));
            reads("POST " + base + "/{id}/deletion", "f:version:NUMBER=1");
            reads("POST " + base + "/{id}/restoration", "f:version:NUMBER=1");
            reads("POST " + base + "/{id}/purge", "f:version:NUMBER=1");
            reads("PUT " + base + "/{id}/presence");
            reads("DELETE " + base + "/{id}/presence");
        }
        reads("POST /records/applications/{id}/status", "f:status:CHOICE=in_review", "f:version:NUMBER=1");
        reads("POST /records/finance/{id}/reversal");
        reads("POST /records/meetings/{id}/decisions", "f:text:TEXT=Decided", "f:version:NUMBER=1", "f:seen:NUMBER=0");
        reads("POST /records/meetings/{id}/items", "f:decision:NUMBER=1", "f:title:TEXT=Do it", "f:assignee:TEXT=ada", "f:due:DATE=2026-12-01",
                "f:version:NUMBER=1", "f:seen:NUMBER=0");
        reads("POST /records/meetings/{id}/decisions/{part}", "f:text:TEXT=Decided", "f:version:NUMBER=1", "f:seen:NUMBER=0");
        reads("POST /records/meetings/{id}/decisions/{part}/removal", "f:version:NUMBER=1", "f:seen:NUMBER=0", "f:confirmed:TEXT=yes");
        reads("POST /records/meetings/{id}/items/{part}", "f:decision:NUMBER=1", "f:title:TEXT=Do it", "f:assignee:TEXT=ada", "f:due:DATE=2026-12-01",
                "f:version:NUMBER=1", "f:seen:NUMBER=0");
        reads("POST /records/meetings/{id}/items/{part}/removal", "f:version:NUMBER=1", "f:seen:NUMBER=0", "f:confirmed:TEXT=yes");
        reads("GET /records/donations/import");
        reads("POST /records/donations/import", "f:csv:TEXT=x");
    }

    /** Control characters, text-direction overrides, and U+FFFD: what bytes that are not UTF-8 (%ED%A0%80, %FF) arrive as. */
    private static final List<String> CONTROL = List.of("\u0000", "a\u0000b", "\u001b[31mred", "x\u007f", "\u0085", "line\u2028break", "not\uFFFDutf8",
            "Ada\u202Enimda", "x\u2067y\u2069");
    private static final Map<Kind, List<String>> OUT_OF_RANGE = Map.of(
            Kind.TEXT, List.of(),
            Kind.NUMBER, List.of("99999999999999999999", "-1", "1e3", "0x1F", "\u0661\u0662", "9223372036854775808"),
            Kind.DATE, List.of("+999999999-12-31T23:59", "-999999999-01-01T00:00", "2026-02-30T10:00", "9999-12-31T23:59", "x".repeat(5000)),
            Kind.CHOICE, List.of("nope", "x".repeat(5000)));
    private static final List<String> HOSTILE_PATH_IDS = List.of("%00", "1%00", "99999999999999999999", "-1", "%1b", "1%0a", "9223372036854775808");

    private static Switchboard node;
    private static WebClient admin;
    private static WebClient visitor;
    private static String apiKey;

    private static void reads(String route, String... inputs) {
        INPUTS.put(route, List.of(inputs));
    }

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        long root = node.auth().users().create("root", "Root", "admin password", Role.ADMIN).id();
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        node.auth().users().create("bob", "Bob", "member password", Role.MEMBER);
        admin = WebClient.signedIn(node.port(), "root", "admin password");
        visitor = new WebClient(node.port());
        visitor.get("/hold");
        assertEquals(303, admin.post("/chat/threads", Map.of("title", "Plans", "members", "ada")).statusCode());
        assertEquals(303, admin.post("/chat/1/messages", Map.of("body", "hello")).statusCode());
        assertEquals(303, admin.post("/admin/polls", Map.of("question", "Lunch?", "options", "Yes\nNo", "closesAt", "")).statusCode());
        assertEquals(303, admin.post("/admin/polls/1/status", Map.of("status", "active")).statusCode());
        apiKey = node.auth().apiKeys().create("server", ApiKeys.SCOPE_INGEST, root).secret();
        node.auth().kioskLinks().create("Lobby", root);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyRouteSaysWhatItReads() {
        var registered = new TreeSet<String>();
        node.routes().all().forEach(r -> registered.add(r.method() + " " + r.path()));
        var missing = new TreeSet<>(registered);
        missing.removeAll(INPUTS.keySet());
        var stale = new TreeSet<>(INPUTS.keySet());
        stale.removeAll(registered);
        assertTrue(missing.isEmpty(), "routes without a row in the hostile-input sweep: " + missing);
        assertTrue(stale.isEmpty(), "rows for routes that no longer exist: " + stale);
    }

    @Test
    void noFieldOrParameterOfAnyRouteAnswers5xxOrChangesAnything() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (var route : node.routes().all()) {
            if (route.access() == Access.INGEST) {
                continue;
            }
            String key = route.method() + " " + route.path();
            var inputs = INPUTS.getOrDefault(key, List.of());
            for (String input : inputs) {
                String[] parts = input.split(":", 3);
                String name = parts[1];
                Kind kind = Kind.valueOf(parts[2].replaceFirst("(?s)=.*", ""));
                var values = new ArrayList<>(CONTROL);
                values.addAll(OUT_OF_RANGE.get(kind));
                for (String value : values) {
                    boolean control = CONTROL.contains(value);
                    var answer = parts[0].equals("q")
                            ? call(route, path(route, "1") + "?" + name + "=" + enc(value), validForm(inputs, null, null))
                            : call(route, path(route, "1"), validForm(inputs, name, value));
                    // The records forms and the dashboard's admin forms refuse a control character on its field (422, the input
                    // kept; or 404 when there is no such record to save: nothing read); everything else is refused at the edge (400).
                    boolean onItsField = parts[0].equals("f") && route.method().equals("POST")
                            && (Records.FORMS.matcher(path(route, "1")).matches() || switchboard.dashboard.Dashboard.FORMS.matcher(path(route, "1")).matches())
                            && !value.contains("\uFFFD") && (answer.statusCode() == 422 || answer.statusCode() == 404);
                    if (answer.statusCode() >= 500 || (control && answer.statusCode() != 400 && !onItsField)) {
                        wrong.add(key + " " + parts[0] + ":" + name + "=" + shown(value) + " answered " + answer.statusCode());
                    }
                }
            }
            if (route.path().contains("{")) {
                for (String id : HOSTILE_PATH_IDS) {
                    var answer = call(route, path(route, id), validForm(inputs, null, null));
                    if (answer.statusCode() >= 500 || answer.statusCode() < 400) {
                        wrong.add(key + " with path id " + id + " answered " + answer.statusCode());
                    }
                }
            }
            var changed = Stored.digest(node.database().sql());
            if (!changed.equals(before)) {
                wrong.add(key + " changed what is stored: " + before + " → " + changed);
                before = changed;
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aQueryParameterGivenTwiceIsA400OnEveryRoute() {
        // Handlers read the first value: PUT /hold/presence?page=a&page=b held as page a without a word.
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        for (var route : node.routes().all()) {
            if (route.access() == Access.INGEST) {
                continue;
            }
            var inputs = INPUTS.getOrDefault(route.method() + " " + route.path(), List.of());
            var names = new ArrayList<>(inputs.stream().filter(i -> i.startsWith("q:")).map(i -> i.split(":", 3)[1]).toList());
            names.add("unasked");
            for (String name : names) {
                var answer = call(route, path(route, "1") + "?" + name + "=1&" + name + "=2", validForm(inputs, null, null));
                if (answer.statusCode() != 400) {
                    wrong.add(route.method() + " " + route.path() + "?" + name + "=1&" + name + "=2 answered " + answer.statusCode());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void aTextDirectionOverrideOrLineSeparatorInThePathIsA400OnEveryRoute() {
        // Encoded, they passed the check (it read the raw path) and came back in "There is no table 'x‮y'".
        var wrong = new ArrayList<String>();
        for (var route : node.routes().all()) {
            if (!route.path().contains("{") || route.access() == Access.INGEST) {
                continue;
            }
            for (String id : List.of("x%E2%80%AEy", "x%C2%85y", "x%E2%80%A8y")) {
                var answer = call(route, path(route, id), "");
                if (answer.statusCode() != 400) { // /tables/{id} and /kiosk/{token} took any text: 404
                    wrong.add(route.method() + " " + path(route, id) + " answered " + answer.statusCode());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void unreadableBodiesAreA4xxOnEveryRouteThatTakesOne() {
        var wrong = new ArrayList<String>();
        var before = Stored.digest(node.database().sql());
        var bodies = Map.of(
                "application/x-www-form-urlencoded; charset=x-no-such-charset", "a=b",
                "application/x-www-form-urlencoded; charset=\"utf\u00ff\"", "a=b",
                "multipart/form-data; boundary=XYZ", "this is not multipart",
                "multipart/form-data", "--\r\nContent-Disposition: form-data\r\n\r\nbroken",
                "multipart/form-data; boundary=XYZ;", "--XYZ\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nno end");
        for (var route : node.routes().all()) {
            if (route.method().equals("GET")) {
                continue;
            }
            for (var body : bodies.entrySet()) {
                var client = client(route);
                var headers = route.access() == Access.INGEST ? Map.of("Authorization", "Bearer " + apiKey) : Map.of("pac4jCsrfToken", client.csrf());
                java.net.http.HttpResponse<String> answer;
                try {
                    answer = client.send(route.method(), path(route, "1"), body.getValue(), body.getKey(), headers);
                } catch (java.io.UncheckedIOException stale) {
                    try {
                        answer = client.send(route.method(), path(route, "1"), body.getValue(), body.getKey(), headers);
                    } catch (java.io.UncheckedIOException e) {
                        throw new AssertionError(route.method() + " " + route.path() + " with " + body.getKey() + ": " + e.getMessage(), e);
                    }
                }
                if (answer.statusCode() >= 500) {
                    wrong.add(route.method() + " " + route.path() + " with " + body.getKey() + " answered " + answer.statusCode());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void ingestRefusesOutOfRangeNumbersAndControlCharactersWithA4xx() {
        var ingest = new IngestClient(node.port(), apiKey);
        var before = Stored.digest(node.database().sql());
        var events = List.of(
                Map.of("type", "table.opened", "tableId", "t\u0000", "version", 1, "name", "T", "smallBlind", 1, "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "T\u0000", "smallBlind", 1, "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "Ada\u202Enimda", "smallBlind", 1, "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "\u200B \uFEFF", "smallBlind", 1, "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "T", "smallBlind", 1, "bigBlind", 2, "seats", 4294967301L),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "T", "smallBlind", 1, "bigBlind", 2, "seats", 1_000_000_000_000L),
                Map.of("type", "table.opened", "tableId", "t1", "version", Long.MAX_VALUE, "name", "T", "smallBlind", 1, "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "T", "smallBlind", new java.math.BigInteger("99999999999999999999999"), "bigBlind", 2, "seats", 6),
                Map.of("type", "table.opened", "tableId", "t1", "version", 1, "name", "T", "smallBlind", 1.5, "bigBlind", 2, "seats", 6));
        var wrong = new ArrayList<String>();
        for (var event : events) {
            var answer = ingest.post(event, "k" + System.nanoTime());
            if (answer.statusCode() < 400 || answer.statusCode() >= 500) {
                wrong.add(event + " answered " + answer.statusCode() + " " + answer.body());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void anUploadsFileNameIsTextToo() {
        var before = Stored.digest(node.database().sql());
        String boundary = "b" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nnotes\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000b.txt\"\r\nContent-Type: text/plain\r\n\r\nx\r\n"
                + "--" + boundary + "--\r\n";
        var answer = admin.send("POST", "/chat/1/messages", body, "multipart/form-data; boundary=" + boundary, Map.of("pac4jCsrfToken", admin.csrf()));
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored changed");
    }

    @Test
    void twoHugeAllInStacksCannotOverflowThePot() {
        var ingest = new IngestClient(node.port(), apiKey);
        long huge = 1_000_000_000_000L;
        assertEquals(204, ingest.post(Map.of("type", "table.opened", "tableId", "big", "version", 1, "name", "Big", "smallBlind", 1, "bigBlind", 2, "seats", 2), "o1").statusCode());
        var tooBig = ingest.post(Map.of("type", "player.seated", "tableId", "big", "version", 2, "seat", 1, "playerId", "p1", "name", "P1", "stack", Long.MAX_VALUE), "s0");
        assertEquals(422, tooBig.statusCode(), tooBig.body());
        assertTrue(IngestClient.problem(tooBig).get("detail").asText().contains("1000000000000"), tooBig.body());
        assertEquals(204, ingest.post(Map.of("type", "player.seated", "tableId", "big", "version", 2, "seat", 1, "playerId", "p1", "name", "P1", "stack", huge), "s1").statusCode());
        assertEquals(204, ingest.post(Map.of("type", "player.seated", "tableId", "big", "version", 3, "seat", 2, "playerId", "p2", "name", "P2", "stack", huge), "s2").statusCode());
    }

    private static WebClient client(switchboard.auth.Routes.Route route) {
        return route.access() == Access.PUBLIC || route.access() == Access.PARTICIPANT ? visitor : admin;
    }

    private static WebClient.Answer call(switchboard.auth.Routes.Route route, String path, String form) {
        try {
            return callOnce(route, path, form);
        } catch (java.io.UncheckedIOException stale) {
            // The server may close a connection after refusing a request whose body it did not
            // read; a client then retries on a new one. A second failure is the server's.
            try {
                return callOnce(route, path, form);
            } catch (java.io.UncheckedIOException e) {
                throw new AssertionError(route.method() + " " + path + " form " + form + ": " + e.getMessage(), e);
            }
        }
    }

    private static WebClient.Answer callOnce(switchboard.auth.Routes.Route route, String path, String form) {
        var client = client(route);
        var headers = Map.of("pac4jCsrfToken", client.csrf(), "Accept", route.path().equals("/live") ? "text/event-stream" : "text/html");
        if (route.method().equals("GET") || form.isEmpty()) {
            return client.statusOnly(route.method(), path, headers);
        }
        var answer = client.send(route.method(), path, form, "application/x-www-form-urlencoded", headers);
        return new WebClient.Answer(answer.statusCode(), answer.headers());
    }

    private static String path(switchboard.auth.Routes.Route route, String id) {
        return route.path().replaceAll("\\{[a-z]+}", id);
    }

    /** The route's valid form, with {@code name} set to {@code value} when given. */
    private static String validForm(List<String> inputs, String name, String value) {
        var form = new LinkedHashMap<String, String>();
        for (String input : inputs) {
            String[] parts = input.split(":", 3);
            if (parts[0].equals("f")) {
                int eq = parts[2].indexOf('=');
                form.put(parts[1], eq < 0 ? "" : parts[2].substring(eq + 1));
            }
        }
        if (name != null) {
            form.put(name, value);
        }
        return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String shown(String value) {
        String s = value.chars().mapToObj(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .collect(Collectors.joining());
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
