package switchboard.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A template's comment is JTE's {@code <%-- … --%>}, which never reaches the page. A comment in
 * another syntax ({@code @-- … --@}, HTML's, another engine's) is text JTE sends to every browser:
 * a poll page showed one under its results (an outside review).
 */
class TemplateCommentsTest {
    private static final Pattern FOREIGN_COMMENT = Pattern.compile("@--|--@|<!--|\\{\\{--|\\{#");

    @Test
    void everyTemplateCommentIsJtes() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            List<String> found = files.filter(f -> f.toString().endsWith(".jte")).flatMap(f -> {
                try {
                    List<String> lines = Files.readAllLines(f);
                    return java.util.stream.IntStream.range(0, lines.size())
                            .filter(i -> FOREIGN_COMMENT.matcher(lines.get(i)).find())
                            .mapToObj(i -> f + ":" + (i + 1) + ": " + lines.get(i).strip());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), found, "write template comments as <%-- … --%>: anything else is sent to the browser");
        }
    }
}
