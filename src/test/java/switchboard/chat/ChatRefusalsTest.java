package switchboard.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static switchboard.db.jooq.Tables.DRAFTS;
import static switchboard.db.jooq.Tables.MESSAGES;
import static switchboard.db.jooq.Tables.THREAD_MEMBERS;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.Switchboard;
import switchboard.auth.Role;
import switchboard.testing.TestDatabase;
import switchboard.testing.TestNode;
import switchboard.testing.WebClient;

/** Bad input to chat is refused with a message a person can act on, and changes nothing. */
class ChatRefusalsTest {
    private static Switchboard node;
    private static WebClient ada;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestDatabase.fresh());
        node.auth().users().create("ada", "Ada", "member password", Role.MEMBER);
        node.auth().users().create("grace", "Grace", "member password", Role.MEMBER);
        ada = WebClient.signedIn(node.port(), "ada", "member password");
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

    @Test
    void aRefusedNewThreadKeepsWhatWasTypedAndEmptyNamesAreNoNames() {
        var refused = ada.post("/chat/threads", Map.of("title", "Keep my title", "members", "grace, nobodyhere"));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("No active member is called nobodyhere."), refused.body());
        assertTrue(refused.body().contains("value=\"Keep my title\""), "the title comes back: " + refused.body());
        assertTrue(refused.body().contains("value=\"grace, nobodyhere\""), "the members come back");
        // Reloaded or bookmarked as a GET, the address the refusal was answered at is the list.
        var bookmarked = ada.get("/chat/threads");
        assertEquals(303, bookmarked.statusCode());
        assertEquals("/chat", bookmarked.headers().firstValue("Location").orElseThrow());

        long thread = thread("Commas", "grace, , ada,");
        assertEquals(2, node.database().sql().fetchCount(THREAD_MEMBERS, THREAD_MEMBERS.THREAD_ID.eq(thread)));
        var empty = ada.post("/chat/" + thread + "/members", Map.of("username", "  "));
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("Type the username of the member to add."), empty.body());
        assertFalse(empty.body().contains("''"), empty.body());
    }

    @Test
    void aDraftIsSavedOnlyFromAFormWithABodyField() {
        long thread = thread("Drafts", "grace");
        var headers = Map.of("pac4jCsrfToken", ada.csrf());
        assertEquals(204, ada.send("PUT", "/chat/" + thread + "/draft", "body=keep+me", "application/x-www-form-urlencoded", headers).statusCode());
        var json = ada.send("PUT", "/chat/" + thread + "/draft", "{\"body\":\"\"}", "application/json", headers);
        assertEquals(415, json.statusCode());
        // Refused at the edge, as any body that is no form is on every page's address.
        assertTrue(json.body().contains("takes a form"), json.body());
        var none = ada.send("PUT", "/chat/" + thread + "/draft", null, null, headers);
        assertEquals(415, none.statusCode(), none.body());
        var noField = ada.send("PUT", "/chat/" + thread + "/draft", "other=1", "application/x-www-form-urlencoded", headers);
        assertEquals(400, noField.statusCode());
        assertTrue(noField.body().contains("body field is missing"), noField.body());
        assertEquals("keep me", node.database().sql().fetchValue(DRAFTS.BODY, DRAFTS.THREAD_ID.eq(thread)), "the draft is unchanged");
        // An explicitly empty body field still clears it.
        assertEquals(204, ada.send("PUT", "/chat/" + thread + "/draft", "body=", "application/x-www-form-urlencoded", headers).statusCode());
        assertEquals(0, node.database().sql().fetchCount(DRAFTS, DRAFTS.THREAD_ID.eq(thread).and(DRAFTS.BODY.ne(""))));
    }

    @Test
    void anEmptyFileIsNamedAndNothingIsPosted() throws Exception {
        long thread = thread("Files", "grace");
        var sent = upload(thread, "", "empty.txt", new byte[0]);
        assertEquals(400, sent.statusCode());
        assertTrue(sent.body().contains("The file empty.txt is empty"), sent.body());
        assertEquals(0, node.database().sql().fetchCount(MESSAGES, MESSAGES.THREAD_ID.eq(thread)));
        // No file chosen: an empty, nameless part, as a browser sends it; the text is posted.
        assertEquals(303, upload(thread, "just text", "", new byte[0]).statusCode());
        var neither = upload(thread, "", "", new byte[0]);
        assertEquals(400, neither.statusCode());
        assertTrue(neither.body().contains("A message is 1 to 4000 characters."), neither.body());
    }

    @Test
    void removingSomeoneWhoIsNotAMemberOrPinningWithAnUnknownValueIsRefused() {
        long thread = thread("Members", "grace");
        for (String user : new String[] {"99999", "0"}) {
            var removal = ada.post("/chat/" + thread + "/members/" + user + "/removal", Map.of());
            assertEquals(404, removal.statusCode(), user);
            assertTrue(removal.body().contains("There is no member " + user + " in this thread"), removal.body());
        }
        assertEquals(303, ada.post("/chat/" + thread + "/pin", Map.of("pinned", "true")).statusCode());
        var yes = ada.post("/chat/" + thread + "/pin", Map.of("pinned", "yes"));
        assertEquals(400, yes.statusCode());
        assertTrue(yes.body().contains("pinned is true (pin the thread) or false (unpin it)."), yes.body());
        assertEquals(400, ada.post("/chat/" + thread + "/pin", Map.of()).statusCode());
        assertTrue(node.database().sql().fetchValue(THREAD_MEMBERS.PINNED,
                THREAD_MEMBERS.THREAD_ID.eq(thread).and(THREAD_MEMBERS.USER_ID.eq(node.auth().users().find("ada").orElseThrow().id()))),
                "still pinned");
        assertEquals(303, ada.post("/chat/" + thread + "/pin", Map.of("pinned", "false")).statusCode());
    }

    private static HttpResponse<String> upload(long thread, String text, String filename, byte[] data) throws Exception {
        String boundary = "----sb" + System.nanoTime();
        var out = new java.io.ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pac4jCsrfToken\"\r\n\r\n" + ada.csrf() + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/chat/" + thread + "/messages"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", "sb_session=" + ada.cookie("sb_session"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
