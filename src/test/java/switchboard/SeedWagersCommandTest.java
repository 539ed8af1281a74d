package switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code seed-wagers} refuses a bad count before anything starts: a review saw {@code seed-wagers 0},
 * {@code -5} or {@code abc} refused only after the database and the whole node had started (~15 s).
 * The command runs as its own process, with a database nobody listens at: a refusal that came
 * after the start would be that start's failure, not the count's.
 */
class SeedWagersCommandTest {

    @Test
    void aBadCountIsRefusedBeforeAnythingStarts() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (List<String> args : List.<List<String>>of(List.of("0"), List.of("-5"), List.of("abc"), List.of("100000001"), List.of())) {
            var command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "switchboard.Main", "seed-wagers"));
            command.addAll(args);
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "seed-wagers " + args + " is still running");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, process.exitValue(), args + ": " + output);
            assertTrue(output.contains("seed-wagers takes a count from 1 to 100000000, not '" + String.join(" ", args) + "'."), output);
            assertFalse(output.contains("PostgreSQL"), "nothing started: " + output);
        }
    }
}
