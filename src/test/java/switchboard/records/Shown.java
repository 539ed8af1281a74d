package switchboard.records;

import java.util.Map;
import java.util.regex.Pattern;
import switchboard.testing.WebClient;

/** What a person's form sends from a record's page: the version the page showed. */
final class Shown {
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    private Shown() {
    }

    /** The version the page at {@code path} (a record's page, its trash or the list with its Undo) shows first. */
    static String version(WebClient client, String path) {
        var m = VERSION.matcher(client.get(path).body());
        if (!m.find()) {
            throw new AssertionError(path + " shows no version to act on");
        }
        return m.group(1);
    }

    /** The form a person's click on that page posts (Delete, Restore, Purge, Undo). */
    static Map<String, String> form(WebClient client, String path) {
        return Map.of("version", version(client, path));
    }

    /** The same, with a workflow step's other fields. */
    static Map<String, String> form(WebClient client, String path, String field, String value) {
        return Map.of("version", version(client, path), field, value);
    }
}
