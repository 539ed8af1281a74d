package switchboard.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.ATTACHMENTS;
import static switchboard.db.jooq.Tables.DRAFTS;
import static switchboard.db.jooq.Tables.MESSAGES;
import static switchboard.db.jooq.Tables.THREADS;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.SseClient;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

class ChatTest {
    private static final Pattern MESSAGE_ID = Pattern.compile("id=\"msg-(\\d+)\"");
    private static switchboard.db.DatabaseUrl url;
    private static Switchboard node;
    private static WebClient ada;
    private static WebClient grace;
    private static WebClient eve;

    @BeforeAll
    static void start() {
        url = TestDatabase.fresh();
        node = TestNode.start(url);
        var users = node.auth().users();
        users.create("ada", "Ada", "member password", Role.MEMBER);
        users.create("grace", "Grace", "member password", Role.MEMBER);
        users.create("eve", "Eve", "member password", Role.MEMBER);
        ada = signedIn("ada");
        grace = signedIn("grace");
        eve = signedIn("eve");
    }

    private static WebClient signedIn(String name) {
        return WebClient.signedIn(node.port(), name, "member password");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static long thread(String title, String members) {
        var created = ada.post("/chat/threads", Map.of("title", title, "members", members));
        assertEquals(303, created.statusCode(), created.body());
        return Long.parseLong(created.headers().firstValue("Location").orElseThrow().replace("/chat/", ""));
    }

    private static long post(WebClient who, long thread, String text) {
        return post(who, thread, text, null);
    }

    private static long post(WebClient who, long thread, String text, String clientId) {
        var response = postAs(who, thread, text, clientId);
        assertEquals(200, response.statusCode(), response.body());
        long id = Long.parseLong(response.headers().firstValue("X-Message-Id").orElseThrow());
        // The answer is the sender's own copy, with its edit tools, keyed by the message id.
        assertTrue(response.body().contains("id=\"msg-" + id + "\"") && response.body().contains("own-tools"), response.body());
        return id;
    }

    private static HttpResponse<String> postAs(WebClient who, long thread, String text, String clientId) {
        String form = "body=" + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8) + (clientId == null ? "" : "&client_id=" + clientId);
        return who.send("POST", "/chat/" + thread + "/messages", form,
                "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", who.csrf(), "HX-Request", "true"));
    }

    @Test
    void aRetriedPostWithTheSameClientIdStoresOneMessage() throws Exception {
        long thread = thread("Retries", "grace");
        String clientId = java.util.UUID.randomUUID().toString();
        long first = post(ada, thread, "only once", clientId);
        long again = post(ada, thread, "only once", clientId);
        assertEquals(first, again, "a retry answers with the message the first try made");
        // At the same time from several tabs: still one.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        String racing = java.util.UUID.randomUUID().toString();
        var ids = new ArrayList<java.util.concurrent.Future<Long>>();
        for (int i = 0; i < 4; i++) {
            ids.add(pool.submit(() -> post(ada, thread, "racing", racing)));
        }
        var distinct = new java.util.HashSet<Long>();
        for (var id : ids) {
            distinct.add(id.get());
        }
        pool.shutdown();
        assertEquals(1, distinct.size(), "one message for one client id: " + distinct);
        assertEquals(2, node.database().sql().fetchCount(switchboard.db.jooq.Tables.MESSAGES, switchboard.db.jooq.Tables.MESSAGES.THREAD_ID.eq(thread)));
        // Another author may use the same id; a malformed one is refused with a message, and the
        // same id in another thread is not taken as a retry.
        assertTrue(post(grace, thread, "hers", clientId) != first);
        var bad = postAs(ada, thread, "x", "not-a-uuid");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("client_id"), bad.body());
        long other = thread("Other", "");
        assertEquals(404, postAs(ada, other, "only once", clientId).statusCode());
    }

    @Test
    void theMembersFieldSuggestsActivePeopleByPrefixAndTheAddFieldLeavesOutMembers() {
        String all = ada.get("/chat/people?members=").body();
        assertTrue(all.contains("value=\"grace\"") && all.contains("value=\"eve\"") && !all.contains("value=\"ada\""), all);
        String second = ada.get("/chat/people?members=" + java.net.URLEncoder.encode("grace, e", StandardCharsets.UTF_8)).body();
        assertEquals("<option value=\"grace, eve\">Eve</option>", second.strip());
        long thread = thread("Suggest", "grace");
        String add = ada.get("/chat/people?username=&thread=" + thread).body();
        assertTrue(add.contains("value=\"eve\"") && !add.contains("grace"), add);
        // Someone else's thread (or none): the list would tell who is in it.
        long theirs = thread("Theirs", "grace");
        assertEquals(403, eve.get("/chat/people?username=&thread=" + theirs).statusCode());
        assertEquals(403, eve.get("/chat/people?username=&thread=999999").statusCode());
        assertEquals("", ada.get("/chat/people?members=" + java.net.URLEncoder.encode("%", StandardCharsets.UTF_8)).body().strip());
    }

    @Test
    void aSearchHitLinksToItsMessageAndAnOlderOneIsOnThePage() {
        long thread = thread("Archive", "");
        long needle = post(ada, thread, "the needle");
        for (int i = 0; i < 70; i++) {
            post(ada, thread, "hay " + i);
        }
        String found = ada.get("/chat?q=needle").body();
        assertTrue(found.contains("/chat/" + thread + "?message=" + needle + "#msg-" + needle), found);
        String newest = ada.get("/chat/" + thread).body();
        assertTrue(!newest.contains("id=\"msg-" + needle + "\""), "the needle is older than the newest page");
        String jumped = ada.get("/chat/" + thread + "?message=" + needle).body();
        assertTrue(jumped.contains("id=\"msg-" + needle + "\"") && jumped.contains("hay 69") && !jumped.contains("Jump to the newest messages"), jumped);
    }

    @Test
    void aNonMemberIsRefusedEverywhereAThreadIsReachable() throws Exception {
        long thread = thread("Secret plans", "grace");
        long message = post(ada, thread, "hello");
        assertEquals(200, grace.get("/chat/" + thread).statusCode());
        var paths = List.of("GET /chat/" + thread, "GET /chat/" + thread + "/messages?before=" + (message + 1),
                "GET /chat/" + thread + "/attachments/1", "POST /chat/" + thread + "/messages", "POST /chat/" + thread + "/messages/" + message,
                "POST /chat/" + thread + "/messages/" + message + "/deletion", "PUT /chat/" + thread + "/draft", "POST /chat/" + thread + "/typing",
                "POST /chat/" + thread + "/read", "POST /chat/" + thread + "/title", "POST /chat/" + thread + "/deletion");
        for (String call : paths) {
            String[] parts = call.split(" ");
            var answer = eve.send(parts[0], parts[1], "body=intrusion&title=x", "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", eve.csrf()));
            assertEquals(403, answer.statusCode(), call + ": " + answer.body());
        }
        var stream = eve.statusOnly("GET", "/live?topics=thread:" + thread, Map.of("Accept", "text/event-stream"));
        assertEquals(403, stream.statusCode());
        assertEquals(403, eve.statusOnly("GET", "/live?topics=threadsum:" + thread, Map.of("Accept", "text/event-stream")).statusCode());
        assertEquals("hello", node.database().sql().fetchValue(MESSAGES.BODY, MESSAGES.ID.eq(message)), "nothing changed");
    }

    /** Removed from one thread, a member's streams that follow it close; their other pages keep streaming. */
    @Test
    void aRemovedMemberLosesTheThreadsStreamsOnly() throws Exception {
        long kicked = thread("Kick", "grace");
        long kept = thread("Keep", "grace");
        String cookie = "sb_session=" + grace.cookie("sb_session");
        try (var onThread = SseClient.open(node.port(), "/live?topics=thread:" + kicked, null, cookie);
             var onLine = SseClient.open(node.port(), "/live?topics=threadsum:" + kept + ",threadsum:" + kicked, null, cookie);
             var elsewhere = SseClient.open(node.port(), "/live?topics=thread:" + kept, null, cookie)) {
            var removed = ada.send("POST", "/chat/" + kicked + "/members/" + node.auth().users().find("grace").orElseThrow().id() + "/removal",
                    "confirmed=yes", "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", ada.csrf()));
            assertTrue(removed.statusCode() == 303 || removed.statusCode() == 204 || removed.statusCode() == 200, removed.statusCode() + " " + removed.body());
            onThread.await("the stream on the thread she left to close", SseClient::ended, Duration.ofSeconds(5));
            onLine.await("the list stream that shows the thread she left to close", SseClient::ended, Duration.ofSeconds(5));
            // Each is told why in its last event, so the page need not guess from a refused reconnect.
            for (var closed : List.of(onThread, onLine)) {
                var last = closed.events().getLast();
                assertEquals("closed", last.event());
                assertEquals("thread.left " + kicked, last.data());
            }
            long message = post(ada, kept, "still here?");
            elsewhere.await("the stream on the other thread to get the new message", s -> s.events().stream()
                    .anyMatch(e -> e.data().contains("msg-" + message)), Duration.ofSeconds(5));
            assertFalse(elsewhere.ended(), "her page on another thread stays open");
        }
        assertEquals(403, grace.statusOnly("GET", "/live?topics=thread:" + kicked, Map.of("Accept", "text/event-stream")).statusCode());
    }

    /** A deleted thread's members are told, on their open streams, that they left it. */
    @Test
    void aDeletedThreadsOpenStreamsAreToldTheyLeftIt() throws Exception {
        long doomed = thread("Gone soon", "grace");
        try (var onThread = SseClient.open(node.port(), "/live?topics=thread:" + doomed, null, "sb_session=" + grace.cookie("sb_session"))) {
            assertEquals(303, ada.post("/chat/" + doomed + "/deletion", Map.of("confirmed", "yes")).statusCode());
            onThread.await("the stream on the deleted thread to close", SseClient::ended, Duration.ofSeconds(5));
            assertEquals("closed", onThread.events().getLast().event());
            assertEquals("thread.left " + doomed, onThread.events().getLast().data());
        }
    }

    @Test
    void deletingAThreadWhileMessagesArePostedLeavesNothingBehind() throws Exception {
        long thread = thread("Doomed", "grace");
        var stop = new AtomicBoolean();
        var writers = new ArrayList<Thread>();
        for (WebClient who : List.of(ada, grace)) {
            writers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    who.send("POST", "/chat/" + thread + "/messages", "body=spam", "application/x-www-form-urlencoded",
                            Map.of("pac4jCsrfToken", who.csrf(), "HX-Request", "true"));
                    who.send("PUT", "/chat/" + thread + "/draft", "body=half", "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", who.csrf()));
                }
            }));
        }
        switchboard.testing.Wait.until("some messages to be posted", () -> node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)) > 10, Duration.ofSeconds(10));
        var asked = ada.post("/chat/" + thread + "/deletion", Map.of());
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("name=\"confirmed\" value=\"yes\""), "without JavaScript the post asks first: " + asked.body());
        assertEquals(303, ada.post("/chat/" + thread + "/deletion", Map.of("confirmed", "yes")).statusCode());
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        var sql = node.database().sql();
        assertEquals(0, sql.fetchCount(THREADS, THREADS.ID.eq(thread)));
        assertEquals(0, sql.fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)));
        assertEquals(0, sql.fetchCount(ATTACHMENTS, ATTACHMENTS.THREAD_ID.eq(thread)));
        assertEquals(0, sql.fetchCount(DRAFTS, DRAFTS.THREAD_ID.eq(thread)));
        assertEquals(404, ada.get("/chat/" + thread).statusCode());
    }

    @Test
    void oneMemberPostingFromSeveralTabsAtOnceGetsEveryMessageIn() throws Exception {
        long thread = thread("Busy", "grace");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var posts = new ArrayList<java.util.concurrent.Future<Long>>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                posts.add(pool.submit(() -> post(ada, thread, "tab " + n)));
            }
            for (var p : posts) {
                p.get();
            }
        }
        assertEquals(24, node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)));
    }

    @Test
    void olderPagesReturnEveryMessageOnceWhileNewOnesArrive() {
        long thread = thread("Long one", "grace");
        var posted = new ArrayList<Long>();
        for (int i = 0; i < 120; i++) {
            posted.add(post(i % 2 == 0 ? ada : grace, thread, "message " + i));
        }
        var seen = new ArrayList<Long>();
        String page = grace.get("/chat/" + thread).body();
        collect(page, seen);
        int round = 0;
        var older = Pattern.compile("hx-get=\"/chat/" + thread + "/messages\\?before=(\\d+)\"");
        for (var m = older.matcher(page); m.find(); m = older.matcher(page)) {
            post(ada, thread, "arriving meanwhile " + round++);
            page = grace.get("/chat/" + thread + "/messages?before=" + m.group(1)).body();
            collect(page, seen);
        }
        assertEquals(posted.size(), new HashSet<>(seen).size(), "every message once");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no message twice");
        assertTrue(seen.containsAll(posted));
    }

    @Test
    void aThreadOpenedWhileMessagesArriveShowsEachOnceBetweenPageAndStream() throws Exception {
        long thread = thread("Busy room", "grace");
        var poster = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 120; i++) {
                post(ada, thread, "busy " + i);
            }
        });
        var sse = Pattern.compile("sse-connect=\"([^\"]+)\"");
        var streams = new java.util.ArrayList<java.util.Map.Entry<List<Long>, SseClient>>();
        try {
            // Five pages at most: an account may hold only so many streams at once.
            while (poster.isAlive() && streams.size() < 5) {
                // Each load is a page rendered at some seq while posts commit around it.
                String html = grace.get("/chat/" + thread).body();
                var shown = new java.util.ArrayList<Long>();
                collect(html, shown);
                var m = sse.matcher(html);
                assertTrue(m.find(), "the page names its stream");
                streams.add(java.util.Map.entry(shown, SseClient.open(node.port(), m.group(1).replace("&amp;", "&"), null,
                        "sb_session=" + grace.cookie("sb_session"))));
            }
            poster.join();
            long last = collectAll(grace.get("/chat/" + thread).body()).getLast();
            for (var entry : streams) {
                entry.getValue().await("the last message on every page", c -> pushedIds(c).contains(last) || entry.getKey().contains(last), Duration.ofSeconds(10));
                var onPage = new java.util.ArrayList<>(entry.getKey());
                onPage.addAll(pushedIds(entry.getValue()));
                assertEquals(onPage.size(), new HashSet<>(onPage).size(), "no message both rendered and pushed, or pushed twice: " + onPage);
                long first = entry.getKey().isEmpty() ? pushedIds(entry.getValue()).getFirst() : entry.getKey().getFirst();
                assertEquals(LongStream.rangeClosed(first, last).filter(id -> id >= first).count(), onPage.stream().filter(id -> id >= first).count(),
                        "nothing missing between the page and its stream");
            }
            assertTrue(streams.size() >= 2, "pages loaded while posting: " + streams.size());
        } finally {
            streams.forEach(e -> e.getValue().close());
        }
    }

    @Test
    void aStreamOfManyThreadLinesIsAuthorisedInOneQueryAndRefusesAnyThreadNotTheMembers() throws Exception {
        var mine = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            mine.add(thread("Line " + i, "grace"));
        }
        String lines = String.join(",", mine.stream().map(id -> "threadsum:" + id).toList());
        String cookie = "sb_session=" + grace.cookie("sb_session");
        long before = node.database().queryCount();
        try (var stream = SseClient.open(node.port(), "/live?topics=" + lines, null, cookie)) {
            long queries = node.database().queryCount() - before;
            assertTrue(queries <= 6, "opening a stream on 20 thread lines ran " + queries + " queries (session, account, one membership check, replay)");
        }
        long secret = thread("Not Grace's", "ada");
        var refused = SseClient.request(node.port(), "/live?topics=" + lines + ",threadsum:" + secret, null);
        refused.setRequestProperty("Cookie", cookie);
        assertEquals(403, refused.getResponseCode(), "one thread she is not in refuses the whole stream");
    }

    @Test
    void theAuthorFetchesTheirOwnCopyWithEditToolsOthersDoNot() {
        long thread = thread("Tools", "grace");
        long message = post(ada, thread, "mine");
        String own = ada.get("/chat/" + thread + "/messages/" + message).body();
        assertTrue(own.contains("id=\"msg-" + message + "\"") && own.contains("own-tools"), own);
        String theirs = grace.get("/chat/" + thread + "/messages/" + message).body();
        assertTrue(theirs.contains("id=\"msg-" + message + "\"") && !theirs.contains("own-tools"), theirs);
        long other = thread("Elsewhere", "grace");
        assertEquals(404, ada.get("/chat/" + other + "/messages/" + message).statusCode(), "a message is read only through its own thread");
    }

    @Test
    void aThreadMayBeTitledNullAndAMemberNamedNullIsAdded() {
        node.auth().users().create("null", "Null Person", "member password", Role.MEMBER);
        var created = ada.post("/chat/threads", Map.of("title", "null", "members", "grace null"));
        assertEquals(303, created.statusCode(), created.body());
        long thread = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replace("/chat/", ""));
        String page = ada.get("/chat/" + thread).body();
        assertTrue(page.contains("Null Person"), "the member called null is in the thread");
        assertTrue(page.contains(">null<") || page.contains("null</"), "the title null is kept");
    }

    private static List<Long> pushedIds(SseClient client) {
        var ids = new java.util.ArrayList<Long>();
        client.events().stream().filter(e -> "messages".equals(e.event())).forEach(e -> collect(e.data(), ids));
        return ids;
    }

    private static List<Long> collectAll(String html) {
        var ids = new java.util.ArrayList<Long>();
        collect(html, ids);
        return ids;
    }

    private static void collect(String html, List<Long> into) {
        var m = MESSAGE_ID.matcher(html);
        while (m.find()) {
            into.add(Long.parseLong(m.group(1)));
        }
    }

    @Test
    void htmlInAMessageIsTextInTheThreadThePreviewAndTheSearch() throws Exception {
        long thread = thread("Escaping", "grace");
        String hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1) see https://example.org/a?b=1&c=2";
        long since = node.listener().cursor();
        try (var stream = SseClient.open(node.port(), "/live?topics=thread:" + thread + ",threadsum:" + thread + "&since=" + since, null,
                "sb_session=" + grace.cookie("sb_session"))) {
            post(ada, thread, hostile);
            stream.await("the pushed message", c -> c.events().stream().anyMatch(e -> "messages".equals(e.event())), Duration.ofSeconds(5));
            stream.await("the pushed thread line", c -> c.events().stream().anyMatch(e -> "thread-summary".equals(e.event())), Duration.ofSeconds(5));
            var pages = Map.of(
                    "thread page", grace.get("/chat/" + thread).body(),
                    "list preview", grace.get("/chat").body(),
                    "search results", grace.get("/chat?q=alert").body(),
                    "pushed message", stream.events().stream().filter(e -> "messages".equals(e.event())).findFirst().orElseThrow().data(),
                    "pushed preview", stream.events().stream().filter(e -> "thread-summary".equals(e.event())).findFirst().orElseThrow().data());
            pages.forEach((name, html) -> {
                assertFalse(html.contains("<script>alert(1)</script>"), name);
                assertFalse(html.contains("<img src=x onerror"), name);
                assertFalse(html.contains("href=\"javascript:"), name);
                assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), name + " shows it as text: " + html);
            });
            assertTrue(pages.get("thread page").contains("<a href=\"https://example.org/a?b=1&amp;c=2\""), "URLs become links");
        }
    }

    @Test
    void draftsAreKeptAndSendingClearsThem() {
        long thread = thread("Drafty", "grace");
        var saved = ada.send("PUT", "/chat/" + thread + "/draft", "body=half+a+thought", "application/x-www-form-urlencoded", Map.of("pac4jCsrfToken", ada.csrf()));
        assertEquals(204, saved.statusCode());
        var otherDevice = signedIn("ada");
        assertTrue(otherDevice.get("/chat/" + thread).body().contains(">half a thought</textarea>"));
        post(ada, thread, "the whole thought");
        assertFalse(otherDevice.get("/chat/" + thread).body().contains("half a thought</textarea>"));
    }

    @Test
    void attachmentsAreCheckedByContentAndCappedAtTenMegabytes() throws Exception {
        long thread = thread("Files", "grace");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0};
        var sent = upload(ada, thread, "pic.html", "text/html", png);
        assertEquals(303, sent.statusCode(), sent.body());
        var file = node.database().sql().selectFrom(ATTACHMENTS).where(ATTACHMENTS.THREAD_ID.eq(thread)).fetchOne();
        assertEquals("image/png", file.getContentType(), "the claimed type is ignored");
        var download = grace.send("GET", "/chat/" + thread + "/attachments/" + file.getId(), null, null, Map.of());
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("Content-Type").orElse("").startsWith("image/png"));
        assertEquals(403, eve.get("/chat/" + thread + "/attachments/" + file.getId()).statusCode());

        var html = upload(ada, thread, "x.png", "image/png", "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, html.statusCode());
        String type = node.database().sql().select(ATTACHMENTS.CONTENT_TYPE).from(ATTACHMENTS).where(ATTACHMENTS.THREAD_ID.eq(thread))
                .orderBy(ATTACHMENTS.ID.desc()).limit(1).fetchOne(ATTACHMENTS.CONTENT_TYPE);
        assertEquals("text/plain; charset=utf-8", type);

        int before = node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread));
        var big = upload(ada, thread, "big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]);
        assertEquals(413, big.statusCode());
        assertTrue(big.body().contains("The file big.bin is too large: it is 10.1 MB and a file may be at most 10 MB."), big.body());
        assertEquals(before, node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)));
        var two = upload(ada, thread, "two.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8), 2);
        assertEquals(400, two.statusCode(), "two files in one message: the second was dropped without a word");
        assertTrue(two.body().contains("A message carries one file; this one came with 2."), two.body());
        assertEquals(before, node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)));
    }

    private static HttpResponse<String> upload(WebClient who, long thread, String filename, String claimed, byte[] data) throws Exception {
        return upload(who, thread, filename, claimed, data, 1);
    }

    private static HttpResponse<String> upload(WebClient who, long thread, String filename, String claimed, byte[] data, int files) throws Exception {
        String boundary = "----sb" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pac4jCsrfToken\"\r\n\r\n" + who.csrf() + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhere\r\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < files; i++) {
            out.write(((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: " + claimed + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(data);
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/chat/" + thread + "/messages"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", "sb_session=" + who.cookie("sb_session"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void typingShowsOnAnotherNodeAndGoesAway() throws Exception {
        long thread = thread("Typing", "grace");
        try (var second = TestNode.start(url)) {
            long since = second.listener().cursor();
            try (var stream = SseClient.open(second.port(), "/live?topics=thread:" + thread + "&since=" + since, null, "sb_session=" + grace.cookie("sb_session"))) {
                assertEquals(204, ada.send("POST", "/chat/" + thread + "/typing", null, null, Map.of("pac4jCsrfToken", ada.csrf())).statusCode());
                stream.await("Ada is typing on the other node", c -> !c.events().isEmpty() && c.events().getLast().data().contains("Ada is typing"), Duration.ofSeconds(5));
                stream.await("the indicator to go away", c -> "typing".equals(c.events().getLast().event()) && !c.events().getLast().data().contains("Ada"), Duration.ofSeconds(15));
            }
        }
    }
}
