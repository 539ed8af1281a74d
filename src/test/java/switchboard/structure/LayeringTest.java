package switchboard.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layout of ../shared/STYLE.md true as the code grows: layers point down
 * (db → live → web → auth → features), a feature never reaches into another feature, and a
 * feature's public surface is its context class and its view records (its routes and stores
 * stay package-private). Read from the sources, so a new file is checked without a new rule.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/switchboard");
    private static final Map<String, Integer> LAYER = Map.of("db", 0, "live", 1, "web", 2, "auth", 3);
    private static final int FEATURE = 4;
    private static final Pattern REFERENCE = Pattern.compile("\\bswitchboard\\.([a-z]+)\\.");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(final\\s+)?(class|record|interface|enum)\\s");

    @Test
    void layersPointDownAndFeaturesStayApart() {
        var violations = new ArrayList<String>();
        for (Path file : sources()) {
            String from = packageOf(file);
            if (from.isEmpty()) {
                continue; // Main, Config, Switchboard: the wiring may use every package
            }
            // Text in string literals (metric names such as "switchboard.listener.lag") is not a reference.
            var m = REFERENCE.matcher(read(file).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
            Set<String> seen = new java.util.TreeSet<>();
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && seen.add(to) && !allowed(from, to)) {
                    violations.add(MAIN.relativize(file) + " (" + from + ") uses " + to);
                }
            }
        }
        assertEquals(List.of(), violations, "db → live → web → auth → features; features do not use each other");
    }

    @Test
    void routesAndStoresAreNotPartOfAFeaturesPublicSurface() {
        var exposed = sources().stream()
                .filter(f -> f.getFileName().toString().matches(".+(Routes|Store)\\.java"))
                .filter(f -> PUBLIC_CLASS.matcher(read(f)).find())
                .map(f -> MAIN.relativize(f).toString())
                .toList();
        assertEquals(List.of(), exposed, "*Routes and *Store classes are package-private: templates take top-level view records");
    }

    @Test
    void storesMapRowsByNameAndInputIsNeverTheStringNull() {
        var positional = Pattern.compile("\\.value\\d+\\(\\)");
        var nullString = Pattern.compile("equals\\(\"null\"\\)|String\\.valueOf\\(ctx\\.");
        var found = new ArrayList<String>();
        for (Path file : sources()) {
            String text = read(file);
            if (positional.matcher(text).find()) {
                found.add(MAIN.relativize(file) + " reads a jOOQ record by position (use Records.mapping)");
            }
            if (nullString.matcher(text).find()) {
                found.add(MAIN.relativize(file) + " turns absent input into the string \"null\" (use web.Input)");
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theCheckSeesEveryPackage() {
        var packages = sources().stream().map(LayeringTest::packageOf).distinct().toList();
        assertTrue(packages.containsAll(List.of("db", "live", "web", "auth", "chat", "polls", "games", "admin", "ops")), "packages found: " + packages);
    }

    private static boolean allowed(String from, String to) {
        int fromLayer = LAYER.getOrDefault(from, FEATURE);
        int toLayer = LAYER.getOrDefault(to, FEATURE);
        return toLayer < fromLayer;
    }

    private static String packageOf(Path file) {
        Path dir = MAIN.relativize(file).getParent();
        return dir == null ? "" : dir.getName(0).toString();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
