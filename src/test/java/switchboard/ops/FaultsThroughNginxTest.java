package switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;
import switchboard.auth.Users;
import switchboard.db.Database;
import switchboard.db.DatabaseUrl;
import switchboard.testing.NginxCluster;
import switchboard.testing.ReconnectingPage;
import switchboard.testing.TestDatabase;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/**
 * The fast fault scenarios of {@code bench/faults}, through the real balancer: three node
 * processes behind nginx ({@link NginxCluster}), 30 pages streaming one chat thread through
 * nginx while a member posts through nginx; a node is killed with SIGKILL, or every node is
 * restarted in turn. Every page must end with every committed message, once, in commit order.
 */
class FaultsThroughNginxTest {
    private static final Pattern MESSAGE = Pattern.compile("<li id=\"msg-(\\d+)\"");
    private static final int PAGES = 30;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static DatabaseUrl url;
    private static NginxCluster cluster;
    private static WebClient ada;
    private static String csrf;
    private final List<ReconnectingPage> pages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        url = TestDatabase.fresh();
        cluster = NginxCluster.start(url);
        try (var database = Database.open(url, 2)) {
            new Users(database.sql()).create("ada", "Ada", "member password", Role.MEMBER);
        }
        // Through nginx: the nodes redirect to PUBLIC_URL, nginx's address.
        ada = new WebClient(cluster.port());
        var signedIn = ada.logIn("ada", "member password");
        assertEquals("http://127.0.0.1:" + cluster.port() + "/", signedIn.headers().firstValue("Location").orElse(""), "signed in through nginx");
        csrf = ada.csrf();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void threeNodes() throws Exception {
        cluster.ensureAllUp();
    }

    @AfterEach
    void closePages() {
        pages.forEach(ReconnectingPage::close);
    }

    @Test
    void pagesThroughNginxMissNothingWhenANodeIsKilled() throws Exception {
        long thread = openThreadOnEveryPage("kill -9");
        try (var poster = new Poster(thread)) {
            poster.await(20);
            cluster.kill(1);
            poster.await(poster.accepted() + 40);
        }
        everyPageHasEveryMessageOnceInOrder(thread);
        assertTrue(pages.stream().anyMatch(p -> p.count("200") >= 2), "the killed node's pages reconnected: " + answers());
    }

    @Test
    void pagesThroughNginxMissNothingInARollingRestart() throws Exception {
        long thread = openThreadOnEveryPage("rolling restart");
        try (var poster = new Poster(thread)) {
            for (int i = 0; i < NginxCluster.NODES; i++) {
                poster.await(poster.accepted() + 10);
                cluster.stop(i, WAIT);
                cluster.startNode(i);
                cluster.awaitReady(i);
            }
            poster.await(poster.accepted() + 10);
        }
        everyPageHasEveryMessageOnceInOrder(thread);
        assertTrue(pages.stream().allMatch(p -> p.count("200") >= 2), "every page was moved off a draining node: " + answers());
    }

    private long openThreadOnEveryPage(String title) {
        var created = ada.post("/chat/threads", Map.of("title", title, "members", ""));
        assertEquals(303, created.statusCode(), created.body());
        long thread = Long.parseLong(created.headers().firstValue("Location").orElseThrow().replace("/chat/", ""));
        long since = TestDatabase.head(url);
        String cookie = "sb_session=" + ada.cookie("sb_session");
        for (int i = 0; i < PAGES; i++) {
            pages.add(ReconnectingPage.open(cluster::port, "thread:" + thread, since, cookie, MESSAGE));
        }
        Wait.until("every page streaming through nginx", () -> pages.stream().allMatch(p -> p.count("200") > 0), WAIT);
        return thread;
    }

    /** PostgreSQL is the truth: the thread's posted messages in change_log order, which every page must show as they are. */
    private void everyPageHasEveryMessageOnceInOrder(long thread) throws SQLException {
        List<Long> committed = committedMessages(thread);
        long last = committed.getLast();
        try {
            Wait.until("every page to have the last committed message", () -> pages.stream().allMatch(p -> p.seqs().contains(last)), WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; pages: " + pages.stream().map(ReconnectingPage::state).limit(5).toList()
                    + "; answers " + answers() + "; cluster logs " + cluster.run(), e);
        }
        assertEquals(committed, committedMessages(thread), "no message committed after the posts were answered");
        long wrong = pages.stream().filter(p -> !p.seqs().equals(committed)).count();
        String first = pages.stream().filter(p -> !p.seqs().equals(committed)).findFirst()
                .map(p -> "got " + p.seqs() + ", answers " + p.answers()).orElse("");
        assertEquals(0, wrong, "pages whose messages differ from PostgreSQL's " + committed + " (lost, twice or out of order); first: " + first);
        assertTrue(pages.stream().allMatch(p -> p.answers().keySet().stream().allMatch(a -> a.equals("200") || a.equals("503"))),
                "pages were answered nothing but 200 and 503: " + answers());
        assertTrue(pages.stream().allMatch(p -> p.reloads() == 0), "no page had to reload");
    }

    private List<Long> committedMessages(long thread) throws SQLException {
        TestDatabase.awaitSequenced(url);
        var ids = new ArrayList<Long>();
        try (var c = TestDatabase.connect(url);
                var st = c.prepareStatement("select entity_id from change_log where topic = ? and kind = 'message.posted' order by seq")) {
            st.setString(1, "thread:" + thread);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        try (var c = TestDatabase.connect(url); var st = c.prepareStatement("select count(*) from messages where thread_id = ?")) {
            st.setLong(1, thread);
            try (var rs = st.executeQuery()) {
                rs.next();
                assertEquals(rs.getLong(1), ids.size(), "every stored message is in change_log once");
            }
        }
        return ids;
    }

    private Map<String, Integer> answers() {
        var all = new TreeMap<String, Integer>();
        pages.forEach(p -> p.answers().forEach((k, v) -> all.merge(k, v, Integer::sum)));
        return all;
    }

    /**
     * A member posting through nginx, one message at a time, 20 a second, until closed. A post is
     * not retried (a POST nginx had sent to a killed node answers 502); PostgreSQL says what committed.
     */
    private static final class Poster implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final long thread;
        private final AtomicInteger accepted = new AtomicInteger();
        private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final Thread poster;
        private volatile boolean posting = true;

        Poster(long thread) {
            this.thread = thread;
            this.poster = Thread.ofPlatform().name("poster").start(this::run);
        }

        int accepted() {
            return accepted.get();
        }

        void await(int count) {
            Wait.until(count + " posts answered 200 (answers so far " + statuses + ")", () -> accepted.get() >= count, WAIT);
        }

        private void run() {
            for (int n = 1; posting; n++) {
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.port() + "/chat/" + thread + "/messages"))
                        .header("Cookie", "sb_session=" + ada.cookie("sb_session")).header("pac4jCsrfToken", csrf)
                        .header("HX-Request", "true").header("Content-Type", "application/x-www-form-urlencoded")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("body=message+" + n)).build();
                String answer;
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    answer = Integer.toString(status);
                    if (status == 200) {
                        accepted.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    answer = e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    return;
                }
                statuses.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                Wait.pause(50);
            }
        }

        /** Stops posting and waits for the post in flight: afterwards nothing more commits. */
        @Override
        public void close() throws InterruptedException {
            posting = false;
            poster.join(Duration.ofSeconds(15));
        }
    }
}
