package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import switchboard.db.Commits;
import switchboard.db.Database;
import switchboard.testing.TestDatabase;

/**
 * The database goes away after a request committed, before it could answer (a chat post reads its
 * message back to draw it): the answer must not say "nothing was lost, try again", or the change
 * is sent twice. Real PostgreSQL commits; the outage after it is thrown as pgjdbc would.
 */
class AfterCommitTest {
    private static Database database;
    private static Javalin app;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        database = Database.open(TestDatabase.fresh(), 4);
        database.sql().execute("create table notes (id bigserial primary key, body text)");
        app = Javalin.create(cfg -> {
            Errors.register(cfg);
            cfg.routes.post("/transaction-htmx", ctx -> {
                database.sql().transaction(c -> DSL.using(c).insertInto(DSL.table("notes"), DSL.field("body")).values("h").execute());
                throw lost();
            });
            cfg.routes.post("/transaction", ctx -> {
                database.sql().transaction(c -> DSL.using(c).insertInto(DSL.table("notes"), DSL.field("body")).values("t").execute());
                throw lost();
            });
            cfg.routes.post("/read-only", ctx -> {
                database.sql().insertInto(DSL.table("notes"), DSL.field("body")).values("bookkeeping").execute();
                assertEquals(Commits.State.NONE, Commits.state(), "a single statement outside a transaction is bookkeeping");
                database.sql().transaction(c -> DSL.using(c).fetchCount(DSL.table("notes")));
                assertEquals(Commits.State.DONE, Commits.state(), "a transaction that commits counts, even with nothing in it");
                Commits.forget();
                database.sql().fetchCount(DSL.table("notes"));
                throw lost();
            });
        }).start(0);
    }

    private static DataAccessException lost() {
        return new DataAccessException("select ...", new SQLTransientConnectionException("FATAL: terminating connection due to administrator command", "57P01"));
    }

    @AfterAll
    static void stop() {
        app.stop();
        database.close();
    }

    private static HttpResponse<String> post(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSavedChangeIsAnsweredAsSavedNotAsTryAgain() throws Exception {
        var htmx = post("/transaction-htmx", "HX-Request", "true");
        assertEquals(200, htmx.statusCode(), "htmx swaps nothing; the stream shows the change");
        assertEquals("none", htmx.headers().firstValue("HX-Reswap").orElse(""));
        var form = post("/transaction", "Referer", "http://127.0.0.1/chat/7?x=1");
        assertEquals(303, form.statusCode(), "a plain form goes on to its page");
        assertEquals("/chat/7?x=1", form.headers().firstValue("Location").orElse(""));
        assertEquals(2, database.sql().fetchCount(DSL.table("notes"), DSL.field("body").in("h", "t")), "both committed");
    }

    @Test
    void aRequestThatSavedNothingStillSaysTryAgain() throws Exception {
        var answer = post("/read-only", "HX-Request", "true");
        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().contains("Try again in a few seconds"), answer.body());
    }
}
