package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/**
 * The menu and the home page offer each kind of account only what it may open: an outside review
 * saw an agent's menu link to Polls, Stats and Tables, which answered it 403. Every link of the
 * home page, and of the menu on every page it leads to, answers 200 for the one who sees it.
 */
class NavigationTest {
    private static final Pattern LINK = Pattern.compile("<a [^>]*href=\"(/[^\"]*)\"");
    private static final Pattern HEADER = Pattern.compile("<header class=\"top\">.*?</header>", Pattern.DOTALL);

    private static Switchboard node;
    private static final Map<String, WebClient> people = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        var users = node.auth().users();
        long admin = users.create("root", "Root", "admin password", Role.ADMIN).id();
        users.create("ada", "Ada", "member password", Role.MEMBER);
        long agent = users.create("agent1", "Agent One", "agent password", Role.AGENT).id();
        node.database().sql().execute("insert into agents (id, name) values ('north', 'North')");
        node.database().sql().execute("insert into agent_accounts (user_id, agent_id) values ({0}, 'north')", agent);
        users.create("sam", "Sam", "staff password", Role.STAFF);

        people.put("anonymous", new WebClient(node.port()));
        people.put("MEMBER", WebClient.signedIn(node.port(), "ada", "member password"));
        var kiosk = new WebClient(node.port());
        assertEquals(302, kiosk.get("/kiosk/" + node.auth().kioskLinks().create("Lobby", admin).token()).statusCode());
        people.put("KIOSK", kiosk);
        people.put("ADMIN", WebClient.signedIn(node.port(), "root", "admin password"));
        people.put("AGENT", WebClient.signedIn(node.port(), "agent1", "agent password"));
        people.put("STAFF", WebClient.signedIn(node.port(), "sam", "staff password"));
        assertEquals(Role.values().length + 1, people.size(), "every role is asked");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyLinkOfTheHomePageAndOfEveryMenuOpensForTheOneWhoSeesIt() {
        var refused = new ArrayList<String>();
        people.forEach((who, client) -> {
            String home = client.get("/").body();
            Set<String> links = linksIn(home);
            for (String link : List.copyOf(links)) {
                Answer answer = open(client, link);
                if (answer.status() == 200) {
                    HEADER.matcher(answer.body()).results().forEach(header -> links.addAll(linksIn(header.group())));
                }
            }
            for (String link : links) {
                int status = open(client, link).status();
                if (status != 200) {
                    refused.add(who + " is offered " + link + ", which answers " + status);
                }
            }
        });
        assertTrue(refused.isEmpty(), String.join("\n", refused));
    }

    @Test
    void anAgentAndStaffAreOfferedTheirOwnPagesOnly() {
        String agentMenu = header(people.get("AGENT").get("/dashboard").body());
        assertTrue(agentMenu.contains("href=\"/dashboard\""), agentMenu);
        for (String other : List.of("/polls", "/stats", "/tables", "/chat", "/records")) {
            assertTrue(!agentMenu.contains("href=\"" + other + "\""), "the agent's menu offers " + other);
        }
        String staffMenu = header(people.get("STAFF").get("/").body());
        assertTrue(staffMenu.contains("href=\"/records\""), staffMenu);
        for (String other : List.of("/polls", "/stats", "/tables", "/chat", "/dashboard")) {
            assertTrue(!staffMenu.contains("href=\"" + other + "\""), "the staff menu offers " + other);
        }
    }

    private static String header(String page) {
        return HEADER.matcher(page).results().map(m -> m.group()).findFirst().orElseThrow();
    }

    private static Set<String> linksIn(String html) {
        var links = new LinkedHashSet<String>();
        LINK.matcher(html).results().map(m -> m.group(1).replace("&amp;", "&"))
                .filter(link -> !link.startsWith("/static/") && !link.startsWith("/webjars/"))
                .forEach(links::add);
        return links;
    }

    private record Answer(int status, String body) {
    }

    /** Follows the site's own redirects (/records leads to its first kind), never one to the login page. */
    private static Answer open(WebClient client, String path) {
        var response = client.get(path);
        for (int hops = 0; hops < 5 && (response.statusCode() == 302 || response.statusCode() == 303); hops++) {
            String next = response.headers().firstValue("Location").orElse("").replaceFirst("^https?://[^/]+", "");
            if (!next.startsWith("/") || next.startsWith("/login")) {
                break;
            }
            response = client.get(next);
        }
        return new Answer(response.statusCode(), response.body());
    }
}
