package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.Stored;
import switchboard.testing.WebClient;

/** The donations import answers with a redirect, refuses the same CSV twice unless told, and takes a file as well as pasted text. */
class RecordsImportTest extends AdminNodeTest {
    private static final String PATH = "/records/donations/import";
    private static final String HEADER = "donor_name,donor_contact,amount,currency,method,status,transaction_date,notes";
    private static final String TWO = HEADER + "\nDeniz Ak,,100,TRY,cash,pledged,2026-11-01,\nEce Su,,5.50,EUR,card,received,2026-11-02,a note\n";

    @AfterEach
    void emptyDonations() {
        var sql = node.database().sql();
        sql.execute("delete from donations");
        sql.execute("delete from donation_imports");
    }

    private static int donations() {
        return node.database().sql().fetchCount(switchboard.db.jooq.Tables.DONATIONS);
    }

    @Test
    void anImportRedirectsToWhatItStoredAndTheSameCsvAgainIsRefusedUnlessAskedFor() {
        var answer = admin.post(PATH, Map.of("csv", TWO));
        assertEquals(303, answer.statusCode(), answer.body());
        String done = answer.headers().firstValue("Location").orElseThrow();
        assertTrue(done.startsWith(PATH + "?done="), done);
        var page = admin.get(done);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Imported 2 donations"), page.body());
        assertEquals(2, donations());
        assertEquals(200, admin.get(done).statusCode(), "reloading the answer sends nothing");
        assertEquals(2, donations());

        var before = Stored.digest(node.database().sql());
        // The same content with Windows line ends, a byte order mark and trailing blank lines is the same CSV.
        String sameAgain = "\uFEFF" + TWO.replace("\n", "\r\n") + "\r\n\r\n";
        var again = admin.post(PATH, Map.of("csv", sameAgain));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("this exact CSV was imported before, 2 donations by Root at "), again.body());
        assertTrue(again.body().contains("name=\"again\""), "it offers to import it anyway");
        assertTrue(again.body().contains("Ece Su,,5.50,EUR,card,received,2026-11-02,a note"), "the CSV is kept");
        assertEquals(before, Stored.digest(node.database().sql()), "nothing stored");

        var anyway = admin.post(PATH, Map.of("csv", TWO, "again", "yes"));
        assertEquals(303, anyway.statusCode(), anyway.body());
        assertEquals(4, donations(), "asked for, it is imported again");
        assertEquals(404, admin.get(PATH + "?done=999999").statusCode());
        assertEquals(400, admin.get(PATH + "?done=bogus").statusCode());
    }

    @Test
    void twoSendsOfOneCsvAtOnceStoreItOnce() throws Exception {
        var clients = List.of(WebClient.signedIn(node.port(), "root", "admin password"), WebClient.signedIn(node.port(), "root", "admin password"));
        var start = new CountDownLatch(1);
        var answers = new ArrayList<CompletableFuture<Integer>>();
        for (var client : clients) {
            client.csrf();
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return client.post(PATH, Map.of("csv", TWO)).statusCode();
            }));
        }
        start.countDown();
        var codes = answers.stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(303, 409), codes);
        assertEquals(2, donations());
    }

    @Test
    void aFileIsTakenInUtf8WithOrWithoutByteOrderMark() {
        String csv = HEADER + "\r\nŞükrü Öztürk,,10,EUR,cash,pledged,2026-11-01,çiğ köfte\r\n";
        var plain = admin.multipart(PATH, Map.of("csv", ""), "file", "donations.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(303, plain.statusCode(), plain.body());
        byte[] bom = ("\uFEFF" + csv.replace("Şükrü", "Ayşe")).getBytes(StandardCharsets.UTF_8);
        var excel = admin.multipart(PATH, Map.of("csv", ""), "file", "excel.csv", bom);
        assertEquals(303, excel.statusCode(), excel.body());
        assertEquals(List.of("Ayşe Öztürk|çiğ köfte", "Şükrü Öztürk|çiğ köfte"),
                node.database().sql().fetch("select donor_name || '|' || notes from donations order by donor_name").getValues(0, String.class));
        var pasted = admin.multipart(PATH, Map.of("csv", HEADER + "\nEce Su,,5,EUR,cash,pledged,2026-11-01,\n"), "file", "", null);
        assertEquals(303, pasted.statusCode(), "no file chosen: the text box is read: " + pasted.body());
        assertEquals(3, donations());
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsLine() {
        var before = Stored.digest(node.database().sql());
        // "Ayşe" as Windows-1254 writes it: ş is the byte 0xFE, no UTF-8 at all.
        var latin1 = new java.io.ByteArrayOutputStream();
        latin1.writeBytes((HEADER + "\nDeniz Ak,,10,EUR,cash,pledged,2026-11-01,\nAy").getBytes(StandardCharsets.US_ASCII));
        latin1.write(0xFE);
        latin1.writeBytes("e,,10,EUR,cash,pledged,2026-11-01,\n".getBytes(StandardCharsets.US_ASCII));
        var answer = admin.multipart(PATH, Map.of("csv", ""), "file", "old.csv", latin1.toByteArray());
        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("The file old.csv is not UTF-8 text: line 3 holds bytes that are no character"), answer.body());
        var empty = admin.multipart(PATH, Map.of("csv", ""), "file", "empty.csv", new byte[0]);
        assertEquals(422, empty.statusCode());
        assertTrue(empty.body().contains("The file empty.csv is empty"), empty.body());
        assertEquals(before, Stored.digest(node.database().sql()));
    }

    @Test
    void theFormTakesAFileAndSaysWhileALargeImportRuns() {
        String page = admin.get(PATH).body();
        assertTrue(page.contains("enctype=\"multipart/form-data\""), page);
        assertTrue(page.contains("<input type=\"file\" name=\"file\" accept=\".csv,text/csv\">"), page);
        assertTrue(page.contains("class=\"htmx-indicator\" role=\"status\">Importing… (this can take a few seconds for thousands of rows)"), page);
    }
}
