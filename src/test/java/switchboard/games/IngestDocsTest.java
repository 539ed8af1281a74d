package switchboard.games;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.auth.ApiKeys;
import switchboard.testing.AdminNodeTest;
import switchboard.testing.IngestClient;

/**
 * Every example of docs/ingest.md works as written, in the order written: a game server's
 * developer copies them (an outside review found the hand's first action out of turn, so every
 * later step of the hand got 409, and a wager cancelled that was never placed).
 */
class IngestDocsTest extends AdminNodeTest {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("-H '([^:']+): ([^']*)'");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");

    @Test
    void everyPostInTheIngestDocsIsAcceptedInOrder() throws Exception {
        String docs = Files.readString(Path.of("docs/ingest.md"));
        var commands = new ArrayList<String>();
        Matcher block = SH_BLOCK.matcher(docs);
        while (block.find()) {
            StringBuilder command = null;
            for (String line : block.group(1).split("\n")) {
                if (line.startsWith("post ")) {
                    if (command != null) {
                        commands.add(command.toString());
                    }
                    command = new StringBuilder(line);
                } else if (command != null) {
                    command.append('\n').append(line);
                }
            }
            if (command != null) {
                commands.add(command.toString());
            }
        }
        assertTrue(commands.size() >= 15, "the docs' examples were found: " + commands.size());
        long root = node.database().sql().fetchOne("select id from users where username = 'root'").get(0, Long.class);
        var server = new IngestClient(node.port(), node.auth().apiKeys().create("docs", ApiKeys.SCOPE_INGEST, root).secret());
        List<String> failed = new ArrayList<>();
        for (String command : commands) {
            Matcher body = BODY.matcher(command);
            assertTrue(body.find(), "a body in " + command);
            String key = null;
            for (Matcher h = HEADER.matcher(command); h.find(); ) {
                if (h.group(1).equalsIgnoreCase("Idempotency-Key")) {
                    key = h.group(2);
                }
            }
            var answer = server.postRaw(body.group(1), key);
            if (answer.statusCode() != 204) {
                failed.add(answer.statusCode() + " " + answer.body() + "\n  for " + command);
            }
        }
        assertEquals(List.of(), failed, "examples of docs/ingest.md that fail as written");
    }
}
