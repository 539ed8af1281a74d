package switchboard.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.auth.Users;
import switchboard.db.DatabaseUrl;
import switchboard.testing.ChangeWriter;
import switchboard.testing.ReconnectingPage;
import switchboard.testing.SseClient;
import switchboard.testing.TcpRelay;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.Wait;
import switchboard.testing.WebClient;

/**
 * The core's promise under faults (DESIGN.md rule 3): whatever dies (the database, its
 * connections, the node, a renderer), every page ends up with every change committed to its
 * topic after the seq it was rendered at, once each and in order. Each story runs writers and
 * pages that reconnect as browsers do through a fault, then compares what every page received
 * with what PostgreSQL committed.
 */
class DeliveryUnderFaultsTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final List<String> TOPICS = List.of("echo:1", "echo:2", "echo:3", "echo:4");

    @Test
    void pagesMissNothingWhilePostgresIsCutOffAgainAndAgain() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        var server = Pattern.compile("//([^:/]+):(\\d+)/").matcher(url.jdbcUrl());
        assertTrue(server.find(), "the test database has a host and port: " + url.jdbcUrl());
        try (var relay = new TcpRelay(server.group(1), Integer.parseInt(server.group(2)))) {
            var throughRelay = new DatabaseUrl(url.jdbcUrl().replaceFirst("//[^:/]+:\\d+/", "//127.0.0.1:" + relay.port() + "/"),
                    url.user(), url.password());
            try (Switchboard node = TestNode.start(throughRelay)) {
                var pages = openPages(url, node::port, TOPICS, 200);
                try (var writer = new ChangeWriter(url, TOPICS, 100)) {
                    for (int i = 0; i < 5; i++) {
                        int before = writer.committed();
                        Wait.until("changes to be written while connected", () -> writer.committed() >= before + 30, CATCH_UP);
                        relay.cut();
                        int during = writer.committed();
                        if (i == 0) {
                            whileCutOffNewStreamsAre503AndHealthAnswersFast(node);
                        }
                        // The outage lasts while 50-100 more changes are committed behind the node's back.
                        Wait.until("changes to be committed during the outage", () -> writer.committed() >= during + 50 + (int) (Math.random() * 50), CATCH_UP);
                        relay.restore();
                    }
                }
                assertEveryPageGotEveryChangeOnce(url, pages);
            }
        }
    }

    @Test
    void pagesMissNothingWhileTheNodesConnectionsAreTerminated() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        try (Switchboard node = TestNode.start(url); var admin = TestDatabase.connect(url)) {
            var pages = openPages(url, node::port, TOPICS, 200);
            try (var writer = new ChangeWriter(url, TOPICS, 150)) {
                for (int i = 0; i < 8; i++) {
                    int before = writer.committed();
                    Wait.until("changes to be written between terminations", () -> writer.committed() >= before + 40, CATCH_UP);
                    // Every other round only the pool's connections die: the listener reads on, and
                    // its renders meet dead pooled connections (the case that lost updates).
                    String names = i % 2 == 0 ? "'switchboard'" : "'switchboard', '" + ChangeListener.APPLICATION_NAME + "'";
                    admin.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity "
                            + "where datname = current_database() and pid <> pg_backend_pid() and application_name in (" + names + ")");
                }
            }
            assertEveryPageGotEveryChangeOnce(url, pages);
        }
    }

    @Test
    void twoThousandPagesAllCatchUpAfterTheirNodeRestartsWithout500s() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        var port = new AtomicInteger();
        // One account holds all 2,000 pages here, so its per-node stream cap is lifted.
        Map<String, String> env = Map.of("LIVE_STREAMS_PER_ACCOUNT", "10000");
        Switchboard first = TestNode.start(url, env);
        port.set(first.port());
        // Signed in, as the probe's pages were: each connection also reads its session and account.
        new Users(first.database().sql()).create("ada", "Ada", "member password", Role.MEMBER);
        String cookie = "sb_session=" + WebClient.signedIn(first.port(), "ada", "member password").cookie("sb_session");
        var pages = openPages(url, port::get, TOPICS, 2000, cookie);
        Switchboard second = null;
        long restarted = 0;
        Throwable cut = null;
        try (var writer = new ChangeWriter(url, TOPICS, 60)) {
            int before = writer.committed();
            Wait.until("some changes before the restart", () -> writer.committed() >= before + 30, CATCH_UP);
            restarted = System.nanoTime();
            System.err.println(java.time.LocalTime.now() + " stopping the first node at seq " + TestDatabase.head(url));
            first.close();
            int atStop = writer.committed();
            second = TestNode.start(url, env, port.get(), new AtomicBoolean());
            System.err.println(java.time.LocalTime.now() + " second node started at seq " + TestDatabase.head(url));
            Wait.until("100 changes written across the restart", () -> writer.committed() >= atStop + 100, CATCH_UP);
        } catch (Throwable t) {
            cut = t; // kept with the comparison's failure below, which would otherwise hide it
            throw t;
        } finally {
            if (second != null) {
                try {
                    assertEveryPageGotEveryChangeOnce(url, pages);
                } catch (AssertionError e) {
                    if (cut != null) {
                        e.addSuppressed(cut);
                    }
                    throw e;
                }
                System.err.printf("2,000 pages: all caught up %.1f s after the restart; answers %s%n",
                        (System.nanoTime() - restarted) / 1e9, totalAnswers(pages.keySet()));
                second.close();
            }
        }
        int errors = pages.keySet().stream().mapToInt(p -> p.answers().entrySet().stream()
                .filter(e -> e.getKey().startsWith("5") && !e.getKey().equals("503")).mapToInt(Map.Entry::getValue).sum()).sum();
        assertEquals(0, errors, "no page was answered a 5xx other than 503");
    }

    @Test
    void pagesOpenedAtTheHeadNeverReceiveWhatTheyAlreadyShow() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        try (Switchboard node = TestNode.start(url); var admin = TestDatabase.connect(url)) {
            var pages = new HashMap<ReconnectingPage, String>();
            try (var writer = new ChangeWriter(url, TOPICS.subList(0, 3), 300)) {
                Wait.until("the writer to be streaming", () -> writer.committed() > 50, CATCH_UP);
                for (int i = 0; i < 150; i++) {
                    if (i % 15 == 0) {
                        // The node falls behind (its listener reconnects), so pages opened meanwhile
                        // are ahead of it and its catch-up batch spans the seq they were rendered at.
                        admin.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = '"
                                + ChangeListener.APPLICATION_NAME + "'");
                    }
                    // As a page does: read the head, render, open the stream with since=<head>.
                    String topic = TOPICS.get(i % 3);
                    pages.put(ReconnectingPage.open(node::port, topic, TestDatabase.head(url)), topic);
                    Thread.sleep(20);
                }
            }
            assertEveryPageGotEveryChangeOnce(url, pages);
        }
    }

    @Test
    void aFailingRendererDelaysItsChangesButNeverSkipsThem() throws Exception {
        DatabaseUrl url = TestDatabase.fresh();
        var renderFails = new AtomicBoolean();
        try (Switchboard node = TestNode.start(url, Map.of(), 0, renderFails)) {
            var topics = List.of("fragile:1", "echo:1");
            var pages = openPages(url, node::port, topics, 100);
            try (var writer = new ChangeWriter(url, topics, 50)) {
                int before = writer.committed();
                Wait.until("changes before the renderer fails", () -> writer.committed() >= before + 20, CATCH_UP);
                renderFails.set(true);
                int during = writer.committed();
                // Longer than the listener's retries: the fragile topic's streams are closed, and
                // their reconnects are refused with 503 until the renderer works again.
                Wait.until("changes while the renderer fails", () -> writer.committed() >= during + 250, CATCH_UP);
                renderFails.set(false);
                int after = writer.committed();
                Wait.until("changes after it recovers", () -> writer.committed() >= after + 20, CATCH_UP);
            }
            assertEveryPageGotEveryChangeOnce(url, pages);
            assertTrue(pages.keySet().stream().anyMatch(p -> p.count("503") > 0),
                    "pages of the failing topic were refused while it failed: " + pages.keySet().iterator().next().answers());
        }
    }

    /** A node without its database says so at once: /health 503 within its own short check, /live 503 with Retry-After, never 500. */
    private static void whileCutOffNewStreamsAre503AndHealthAnswersFast(Switchboard node) throws Exception {
        long started = System.nanoTime();
        var health = new WebClient(node.port()).get("/health");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(millis < 2_500, "/health answered in " + millis + " ms");
        var live = SseClient.request(node.port(), "/live?topics=echo:1&since=1", null);
        assertEquals(503, live.getResponseCode());
        assertTrue(live.getHeaderField("Retry-After") != null && live.getHeaderField("Retry-After").matches("\\d+"), "Retry-After: " + live.getHeaderField("Retry-After"));
    }

    private static Map<String, Integer> totalAnswers(java.util.Collection<ReconnectingPage> pages) {
        var answers = new java.util.TreeMap<String, Integer>();
        pages.forEach(p -> p.answers().forEach((k, v) -> answers.merge(k, v, Integer::sum)));
        return answers;
    }

    /** Opens {@code count} pages spread over {@code topics}, each rendered at the head, and waits until all stream. */
    private static Map<ReconnectingPage, String> openPages(DatabaseUrl url, java.util.function.IntSupplier port, List<String> topics, int count) {
        return openPages(url, port, topics, count, null);
    }

    private static Map<ReconnectingPage, String> openPages(DatabaseUrl url, java.util.function.IntSupplier port, List<String> topics, int count, String cookie) {
        long head = TestDatabase.head(url);
        var pages = new HashMap<ReconnectingPage, String>();
        for (int i = 0; i < count; i++) {
            pages.put(ReconnectingPage.open(port, topics.get(i % topics.size()), head, cookie), topics.get(i % topics.size()));
            if (i % 250 == 249) {
                // People open pages over time, not all in one instant: waves of 250.
                Wait.until("a wave of pages to be streaming", () -> pages.keySet().stream().allMatch(p -> p.count("200") > 0), CATCH_UP);
            }
        }
        try {
            Wait.until("all " + count + " pages to be streaming", () -> pages.keySet().stream().allMatch(p -> p.count("200") > 0), CATCH_UP);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; answers so far: " + totalAnswers(pages.keySet())
                    + ", streaming: " + pages.keySet().stream().filter(p -> p.count("200") > 0).count(), e);
        }
        return pages;
    }

    /** Waits until every page has its topic's last committed change, then compares all it got with change_log. */
    /** {@code [3, 4, 5, 9]} as "3..5, 9". */
    private static String ranges(List<Long> seqs) {
        var out = new StringBuilder();
        for (int i = 0; i < seqs.size(); i++) {
            int j = i;
            while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                j++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(seqs.get(i)).append(i == j ? "" : ".." + seqs.get(j));
            i = j;
        }
        return out.toString();
    }

    private static void assertEveryPageGotEveryChangeOnce(DatabaseUrl url, Map<ReconnectingPage, String> pages) {
        Map<String, List<Long>> committed = new HashMap<>();
        pages.values().stream().distinct().forEach(t -> committed.put(t, TestDatabase.committedSeqs(url, t, 0)));
        try {
            Wait.until("every page to receive its topic's last committed change", () -> pages.entrySet().stream().allMatch(e -> {
                List<Long> all = committed.get(e.getValue());
                return all.isEmpty() || e.getKey().lastSeq() >= all.getLast();
            }), CATCH_UP);
        } finally {
            int lost = 0;
            int duplicated = 0;
            int outOfOrder = 0;
            var affected = new ArrayList<String>();
            for (var e : pages.entrySet()) {
                ReconnectingPage page = e.getKey();
                List<Long> expected = committed.get(e.getValue()).stream().filter(s -> s > page.since()).toList();
                List<Long> got = page.seqs();
                if (!got.equals(expected)) {
                    int missing = (int) expected.stream().filter(s -> !got.contains(s)).count();
                    lost += missing;
                    duplicated += got.size() - (int) got.stream().distinct().count();
                    outOfOrder += isSorted(got) ? 0 : 1;
                    if (affected.size() < 5) {
                        affected.add(e.getValue() + " since " + page.since() + ": expected " + expected.size() + " got " + got.size()
                                + " (missing " + missing + ": " + ranges(expected.stream().filter(x -> !got.contains(x)).toList()) + ") answers " + page.answers()
                                + " connections " + page.history());
                    }
                }
            }
            pages.keySet().forEach(ReconnectingPage::close);
            assertEquals("0 lost, 0 duplicated, 0 out of order",
                    lost + " lost, " + duplicated + " duplicated, " + outOfOrder + " out of order",
                    "pages compared with change_log; first affected: " + affected);
            assertTrue(pages.keySet().stream().allMatch(p -> p.reloads() == 0), "no page had to reload");
        }
    }

    private static boolean isSorted(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
