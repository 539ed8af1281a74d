package switchboard.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.auth.Role;

/** Two admins in two browsers on the same beneficiary: nothing is lost, each sees the other's work. */
class RecordsJourneyTest {
    private static Journey journey;

    @BeforeAll
    static void start() {
        journey = Journey.start();
        journey.node.auth().users().create("root", "Root", "admin password", Role.ADMIN);
        journey.node.auth().users().create("bea", "Bea", "admin password", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        if (journey != null) {
            journey.close();
        }
    }

    private static void save(Page page) {
        page.locator("#record-form").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save")).click();
    }

    @Test
    void theSecondSaveIsRefusedWithTheConflictShownAndAfterMergingNothingIsLost() {
        try (var rootContext = journey.browser.newContext(); var beaContext = journey.browser.newContext()) {
            Page root = journey.signedIn(rootContext, "root", "admin password");
            root.navigate(journey.url("/records/beneficiaries/new"));
            root.locator("input[name=name]").fill("Ayşe Kaya");
            root.locator("input[name=national_id]").fill("10000000146");
            root.locator("input[name=phone]").fill("0532 123 45 67");
            save(root);
            assertThat(root.locator("h1")).containsText("Ayşe Kaya");
            String detail = root.url();
            String id = detail.substring(detail.lastIndexOf('/') + 1);

            Page list = rootContext.newPage();
            list.navigate(journey.url("/records/beneficiaries"));
            assertThat(list.locator("#r-beneficiaries-" + id)).containsText("+905321234567");

            Page bea = journey.signedIn(beaContext, "bea", "admin password");
            bea.navigate(journey.url("/records/beneficiaries/" + id + "/edit"));
            root.navigate(journey.url("/records/beneficiaries/" + id + "/edit"));
            assertThat(root.locator("#editing")).containsText("Bea is editing");
            // Each sees the other's mark, never their own: root's arrives at Bea's form by push, beside Bea's own (hidden).
            assertThat(bea.locator("#editing .editor")).hasCount(1);
            assertThat(bea.locator("#editing")).not().containsText("Bea is editing");
            assertThat(root.locator("#editing .editor")).hasCount(1);

            bea.locator("input[name=phone]").fill("+90 533 765 43 21");
            save(bea);
            assertThat(list.locator("#r-beneficiaries-" + id)).containsText("+905337654321");

            root.locator("input[name=name]").fill("Ayşe Kaya-Demir");
            save(root);
            assertThat(root.locator("#conflict")).containsText("Bea");
            assertThat(root.locator("#conflict")).containsText("+905337654321");
            assertThat(root.locator("input[name=name]")).hasValue("Ayşe Kaya-Demir");
            root.locator("input[name=phone]").fill("+905337654321");
            save(root);
            assertThat(root.locator("[data-column=name]")).hasText("Ayşe Kaya-Demir");
            assertThat(root.locator("[data-column=phone]")).hasText("+905337654321");
            assertThat(list.locator("#r-beneficiaries-" + id)).containsText("Ayşe Kaya-Demir");

            bea.navigate(journey.url("/records/beneficiaries/new"));
            bea.locator("input[name=name]").fill("Şükrü Öztürk");
            bea.locator("input[name=national_id]").fill("10000000214");
            save(bea);
            assertThat(list.locator("#new-banner")).containsText("1 new — show");
        }
    }

    private static com.microsoft.playwright.Locator bell(Page page, int unread) {
        return page.locator("header").getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions()
                .setName("Notifications, " + unread + " unread").setExact(true));
    }

    private static void assignTask(Page page, String title, String assignee) {
        page.navigate(journey.url("/records/tasks/new"));
        page.locator("input[name=title]").fill(title);
        page.locator("input[name=assignee_id]").fill(assignee);
        save(page);
        assertThat(page.locator("h1")).containsText(title);
    }

    @Test
    void theHeaderBellCountsUpLiveOnAnyPageOverItsOneStreamAndDownWhenRead() {
        try (var rootContext = journey.browser.newContext(); var beaContext = journey.browser.newContext()) {
            Page chat = journey.signedIn(rootContext, "root", "admin password");
            var streams = new java.util.concurrent.CopyOnWriteArrayList<String>();
            chat.onRequest(request -> {
                // The chat page's own streams: the page signing in left on "/" may still reconnect its bell
                // stream in the instant before the navigation, which is not what this counts.
                if (request.url().contains("/live?") && request.frame().url().contains("/chat")) {
                    streams.add(java.net.URLDecoder.decode(request.url(), java.nio.charset.StandardCharsets.UTF_8));
                }
            });
            chat.navigate(journey.url("/chat"));
            assertThat(bell(chat, 0)).isVisible();
            assertThat(bell(chat, 0)).hasAttribute("href", "/notifications");
            // A page with no stream of its own (the accounts page) streams for the bell alone.
            Page accounts = rootContext.newPage();
            accounts.navigate(journey.url("/admin/users"));
            assertThat(bell(accounts, 0)).isVisible();

            Page bea = journey.signedIn(beaContext, "bea", "admin password");
            assignTask(bea, "Count the blankets", "root");
            assertThat(bell(chat, 1)).isVisible();
            assertThat(bell(accounts, 1)).isVisible();
            assignTask(bea, "Call the school", "root");
            assertThat(bell(chat, 2)).isVisible();
            // The chat page carried the bell on its own stream: one stream, the chat's topics and the bell's.
            long root = journey.node.auth().users().find("root").orElseThrow().id();
            org.junit.jupiter.api.Assertions.assertEquals(1, streams.size(), streams.toString());
            org.junit.jupiter.api.Assertions.assertTrue(streams.getFirst().contains("notifications:" + root) && streams.getFirst().contains("inbox:"),
                    streams.getFirst());

            Page notifications = rootContext.newPage();
            notifications.navigate(journey.url("/notifications"));
            assertThat(notifications.locator(".notifications")).containsText("Task assigned to you: Call the school");
            notifications.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark all read")).click();
            assertThat(bell(notifications, 0)).isVisible();
            assertThat(bell(chat, 0)).isVisible();
            assertThat(bell(accounts, 0)).isVisible();
        }
    }

    @Test
    void onAPhoneEveryControlAndControlLinkIsAtLeast44PixelsTall() {
        try (var context = journey.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(375, 812))) {
            Page page = journey.signedIn(context, "root", "admin password");
            page.navigate(journey.url("/records/tasks/new"));
            page.locator("input[name=title]").fill("Call the Kaya family");
            save(page);
            assertThat(page.locator("h1")).containsText("Call the Kaya family");
            String controls = "select, input:not([type=hidden]), button, textarea, .subnav a, .filters a, p.inline a, section.records > p > a, table.grid a";
            var tooSmall = new java.util.ArrayList<String>();
            for (String path : new String[] {"/records/beneficiaries", "/records/donations", "/records/tasks/new", page.url().replace(journey.url(""), "")}) {
                page.navigate(journey.url(path));
                var found = page.locator("section.records").locator(controls);
                for (int i = 0; i < found.count(); i++) {
                    var box = found.nth(i).boundingBox();
                    if (box != null && (box.height < 44 || found.nth(i).evaluate("e => e.closest('table.grid') !== null").equals(true) && box.width < 44)) {
                        tooSmall.add(path + ": " + found.nth(i).evaluate("e => e.outerHTML.slice(0, 80)") + " is " + box.height + " px");
                    }
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(tooSmall.isEmpty(), String.join("\n", tooSmall));
            page.navigate(journey.url("/records/tasks"));
            Object brokenHeaders = page.locator("table.grid th").evaluateAll(
                    "ths => ths.filter(th => th.getClientRects().length > 0 && th.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(th).lineHeight || 20) + 20).map(th => th.textContent)");
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), brokenHeaders, "column headers stay on one line; the table's box scrolls instead");
        }
    }

    @Test
    void aFilteredListTakesOnlyTheLiveRowsThatMatchItsFilter() {
        var bea = switchboard.testing.WebClient.signedIn(journey.node.port(), "bea", "admin password");
        java.util.function.BiFunction<String, String, Long> task = (title, status) -> newTask(bea, title, status);
        long finished = task.apply("Finished filing", "done");
        try (var context = journey.browser.newContext()) {
            Page list = journey.signedIn(context, "root", "admin password");
            list.navigate(journey.url("/records/tasks?status=done"));
            assertThat(list.locator("#r-tasks-" + finished)).isVisible();
            list.waitForFunction("() => document.querySelector('[sse-connect]')?.switchboardSource?.readyState === 1");
            long stillOpen = task.apply("Still open", "open");
            task.apply("Done too", "done");
            // Pushed in that order: the second is announced, the first was judged and left out.
            assertThat(list.locator("#new-banner")).containsText("1 new — show");
            assertThat(list.locator("#new-rows li.fresh")).hasCount(1);
            assertThat(list.locator("#new-rows li.fresh")).containsText("Done too");
            // A row changed to another status leaves the list of done ones.
            editTask(bea, finished, "Finished filing", "open");
            assertThat(list.locator("#r-tasks-" + finished)).hasCount(0);
            // A row changed into the filter is announced on it.
            editTask(bea, stillOpen, "Still open", "done");
            assertThat(list.locator("#new-banner")).hasText("1 new, 1 changed to match — show");
            assertThat(list.locator("#new-rows li.fresh[data-moved]")).containsText("Still open");
        }
    }

    @Test
    void theBannerLeavesWhenTheRowsItAnnouncedNoLongerMatch() {
        var bea = switchboard.testing.WebClient.signedIn(journey.node.port(), "bea", "admin password");
        long task = newTask(bea, "Back and forth", "open");
        try (var context = journey.browser.newContext()) {
            Page list = journey.signedIn(context, "root", "admin password");
            list.navigate(journey.url("/records/tasks?status=done"));
            list.waitForFunction("() => document.querySelector('[sse-connect]')?.switchboardSource?.readyState === 1");
            editTask(bea, task, "Back and forth", "done");
            assertThat(list.locator("#new-banner")).hasText("1 changed to match — show");
            // Changed back out of the filter: nothing is left to show, and the banner said "1 changed" still.
            editTask(bea, task, "Back and forth", "open");
            assertThat(list.locator("#new-rows li.fresh")).hasCount(0);
            assertThat(list.locator("#new-banner")).isHidden();
        }
    }

    @Test
    void aDeletedRowLeavesTheBannerThatAnnouncedIt() {
        var bea = switchboard.testing.WebClient.signedIn(journey.node.port(), "bea", "admin password");
        try (var context = journey.browser.newContext()) {
            Page list = journey.signedIn(context, "root", "admin password");
            list.navigate(journey.url("/records/tasks?status=done"));
            list.waitForFunction("() => document.querySelector('[sse-connect]')?.switchboardSource?.readyState === 1");
            long fresh = newTask(bea, "Made then deleted", "done");
            long moved = newTask(bea, "Moved then deleted", "open");
            editTask(bea, moved, "Moved then deleted", "done");
            assertThat(list.locator("#new-banner")).hasText("1 new, 1 changed to match — show");
            deleteTask(bea, fresh);
            assertThat(list.locator("#new-banner")).hasText("1 changed to match — show");
            deleteTask(bea, moved);
            assertThat(list.locator("#new-rows li")).hasCount(0);
            assertThat(list.locator("#new-banner")).isHidden();
            // Restored, it is announced again.
            String detail = bea.get("/records/tasks/" + fresh).body();
            var version = java.util.regex.Pattern.compile("restoration\".*?name=\"version\" value=\"(\\d+)\"", java.util.regex.Pattern.DOTALL).matcher(detail);
            org.junit.jupiter.api.Assertions.assertTrue(version.find(), detail);
            org.junit.jupiter.api.Assertions.assertEquals(303, bea.post("/records/tasks/" + fresh + "/restoration", java.util.Map.of("version", version.group(1))).statusCode());
            assertThat(list.locator("#new-banner")).hasText("1 new — show");
        }
    }

    private static void deleteTask(switchboard.testing.WebClient client, long id) {
        var version = java.util.regex.Pattern.compile("deletion\".*?name=\"version\" value=\"(\\d+)\"", java.util.regex.Pattern.DOTALL)
                .matcher(client.get("/records/tasks/" + id).body());
        org.junit.jupiter.api.Assertions.assertTrue(version.find());
        org.junit.jupiter.api.Assertions.assertEquals(303, client.post("/records/tasks/" + id + "/deletion", java.util.Map.of("version", version.group(1))).statusCode());
    }

    private static long newTask(switchboard.testing.WebClient client, String title, String status) {
        var answer = client.post("/records/tasks", new java.util.LinkedHashMap<>(java.util.Map.of("title", title, "description", "", "assignee_id", "",
                "due_date", "", "priority", "low", "status", status)));
        String location = answer.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Saves a task's new title and status from the version its edit form shows. */
    private static void editTask(switchboard.testing.WebClient client, long id, String title, String status) {
        String form = client.get("/records/tasks/" + id + "/edit").body();
        var version = java.util.regex.Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(form);
        org.junit.jupiter.api.Assertions.assertTrue(version.find());
        var edited = new java.util.LinkedHashMap<>(java.util.Map.of("title", title, "description", "", "assignee_id", "",
                "due_date", "", "priority", "low", "status", status, "version", version.group(1), "seen", "0"));
        org.junit.jupiter.api.Assertions.assertEquals(303, client.post("/records/tasks/" + id, edited).statusCode());
    }

    @Test
    void aSearchedListTakesOnlyTheLiveRowsThatMatchItsSearch() {
        var bea = switchboard.testing.WebClient.signedIn(journey.node.port(), "bea", "admin password");
        long inspection = newTask(bea, "Plumbing inspection", "open");
        try (var context = journey.browser.newContext()) {
            Page list = journey.signedIn(context, "root", "admin password");
            list.navigate(journey.url("/records/tasks?q=plumb"));
            assertThat(list.locator("#r-tasks-" + inspection)).isVisible();
            list.waitForFunction("() => document.querySelector('[sse-connect]')?.switchboardSource?.readyState === 1");
            newTask(bea, "Buy paper", "open");
            newTask(bea, "Fix the plumbing", "open");
            assertThat(list.locator("#new-banner")).hasText("1 new — show");
            assertThat(list.locator("#new-rows li.fresh")).hasCount(1);
            assertThat(list.locator("#new-rows li.fresh")).containsText("Fix the plumbing");
            // A row renamed out of the search leaves the list.
            editTask(bea, inspection, "Roof inspection", "open");
            assertThat(list.locator("#r-tasks-" + inspection)).hasCount(0);
        }
        var outsider = new switchboard.testing.WebClient(journey.node.port());
        org.junit.jupiter.api.Assertions.assertNotEquals(200, outsider.get("/records/tasks/matching?ids=1&q=plumb").statusCode());
        var root = switchboard.testing.WebClient.signedIn(journey.node.port(), "root", "admin password");
        for (String bad : new String[] {"", "x", "1,,2", "-1", "1," + "2,".repeat(100) + "3", "99999999999999999999"}) {
            org.junit.jupiter.api.Assertions.assertEquals(400, root.get("/records/tasks/matching?ids=" + bad).statusCode(), bad);
        }
        org.junit.jupiter.api.Assertions.assertEquals("{\"ids\":[" + inspection + "]}",
                root.get("/records/tasks/matching?ids=" + inspection + ",999999&q=roof").body());
    }

    @Test
    void aDoubleClickedSaveMakesOneRecord() {
        try (var context = journey.browser.newContext()) {
            Page page = journey.signedIn(context, "root", "admin password");
            page.navigate(journey.url("/records/tasks/new"));
            page.locator("input[name=title]").fill("Only once");
            page.locator("#record-form").getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Save")).dblclick();
            assertThat(page.locator("#record-detail h1")).containsText("Only once");
            org.junit.jupiter.api.Assertions.assertEquals(1, journey.node.database().sql().fetchCount(switchboard.db.jooq.Tables.TASKS,
                    switchboard.db.jooq.Tables.TASKS.TITLE.eq("Only once")));
        }
    }

    @Test
    void afterADeleteByKeyboardFocusIsOnUndoWhichStaysWhileFocused() {
        try (var context = journey.browser.newContext()) {
            Page page = journey.signedIn(context, "root", "admin password");
            page.navigate(journey.url("/records/tasks/new"));
            page.locator("input[name=title]").fill("Deleted by keyboard");
            save(page);
            assertThat(page.locator("#record-detail h1")).containsText("Deleted by keyboard");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).focus();
            page.keyboard().press("Enter");
            var undo = page.locator("form.undo[role=status] button");
            assertThat(undo).isFocused();
            org.junit.jupiter.api.Assertions.assertEquals("none", undo.evaluate("b => getComputedStyle(b.form).animationName"),
                    "the notice does not expire while focus is on it");
            page.keyboard().press("Enter");
            assertThat(page.locator("#record-detail h1")).containsText("Deleted by keyboard");
        }
    }
}
