package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.SESSIONS;
import static switchboard.db.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.WebClient;

/**
 * Who a {@code /live} stream is for, now that it is read from the session row and its account
 * without pac4j's profile (issue 13): the account the row names, as current as its row. The
 * changes here are made in the database behind the node's back, so the session row survives them
 * (the admin pages would also end it): the stream must still refuse a disabled account, an
 * expired session, and go by the account's role of now.
 */
class LiveSessionTest extends AdminNodeTest {
    private static final Map<String, String> EVENT_STREAM = Map.of("Accept", "text/event-stream");

    private static int follow(WebClient browser, String topic) {
        return browser.statusOnly("GET", "/live?topics=" + topic, EVENT_STREAM).statusCode();
    }

    private static long member(String username) {
        return node.auth().users().create(username, username, "member password", Role.MEMBER).id();
    }

    @Test
    void aDisabledAccountsSurvivingSessionIsRefused() {
        long id = member("dora");
        var browser = WebClient.signedIn(node.port(), "dora", "member password");
        assertEquals(200, follow(browser, "account:" + id));
        node.database().sql().update(USERS).set(USERS.DISABLED_AT, OffsetDateTime.now()).where(USERS.ID.eq(id)).execute();
        assertEquals(401, follow(browser, "account:" + id), "a disabled account is a visitor, told to sign in to follow an account");
    }

    @Test
    void anExpiredSessionIsRefused() {
        long id = member("eve");
        var browser = WebClient.signedIn(node.port(), "eve", "member password");
        assertEquals(200, follow(browser, "account:" + id));
        node.database().sql().update(SESSIONS).set(SESSIONS.EXPIRES_AT, OffsetDateTime.now().minusMinutes(1))
                .where(SESSIONS.ID.eq(browser.cookie("sb_session"))).execute();
        assertEquals(401, follow(browser, "account:" + id));
    }

    @Test
    void theRoleIsTheAccountsRoleOfNow() {
        long id = member("fay");
        var browser = WebClient.signedIn(node.port(), "fay", "member password");
        assertEquals(403, follow(browser, "ops"), "only admins follow ops");
        node.database().sql().update(USERS).set(USERS.ROLE, Role.ADMIN.name()).where(USERS.ID.eq(id)).execute();
        assertEquals(200, follow(browser, "ops"));
        assertEquals(403, follow(browser, "account:" + (id + 1000)), "an admin follows their own account only");
    }

    @Test
    void aSessionRowNamingNoAccountIsAskedThroughItsProfile() {
        // As rows stored before sessions named their account: the profile in the data says who it is.
        long id = member("gus");
        var browser = WebClient.signedIn(node.port(), "gus", "member password");
        node.database().sql().update(SESSIONS).setNull(SESSIONS.USER_ID).where(SESSIONS.ID.eq(browser.cookie("sb_session"))).execute();
        assertEquals(200, follow(browser, "account:" + id));
        node.database().sql().update(USERS).set(USERS.DISABLED_AT, OffsetDateTime.now()).where(USERS.ID.eq(id)).execute();
        assertEquals(401, follow(browser, "account:" + id), "disabled: a visitor, told to sign in");
    }

    @Test
    void anotherAccountsTopicAndASignedOutBrowserAreRefused() {
        long id = member("hal");
        long other = member("ivy");
        var browser = WebClient.signedIn(node.port(), "hal", "member password");
        assertEquals(403, follow(browser, "account:" + other));
        int out = browser.post("/logout", Map.of()).statusCode();
        assertTrue(out == 302 || out == 303, "logout answered " + out);
        assertEquals(401, follow(browser, "account:" + id), "signed out: told to sign in");
        assertEquals(200, follow(browser, "presence:main"), "a visitor still follows public topics");
    }
}
