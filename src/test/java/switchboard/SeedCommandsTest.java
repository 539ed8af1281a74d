package switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code seed-wagers} and {@code seed-records} refuse a bad count before anything starts: a review
 * saw {@code seed-wagers 0}, {@code -5} or {@code abc} refused only after the database and the whole
 * node had started (~15 s), and {@code seed-records} without a count started the whole app.
 * The command runs as its own process, with a database nobody listens at: a refusal that came
 * after the start would be that start's failure, not the count's.
 */
class SeedCommandsTest {

    @Test
    void aBadCountIsRefusedBeforeAnythingStarts() throws Exception {
        for (var command : List.of(new String[] {"seed-wagers", "100000000"}, new String[] {"seed-records", "9999999"})) {
            for (List<String> args : List.<List<String>>of(List.of("0"), List.of("-5"), List.of("abc"), List.of(String.valueOf(Long.parseLong(command[1]) + 1)), List.of())) {
                String output = refused(command[0], args);
                String rule = command[0].equals("seed-wagers") ? "a count from 1 to " : "a number of records from 1 to ";
                assertTrue(output.contains(command[0] + " takes " + rule + command[1] + ", not '" + String.join(" ", args) + "'."), output);
                assertFalse(output.contains("PostgreSQL"), "nothing started: " + output);
            }
        }
    }

    /** Runs {@code command args} as its own process; its output, once it exited with 2. */
    private static String refused(String command, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var line = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "switchboard.Main", command));
        line.addAll(args);
        var builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " " + args + " is still running");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), args + ": " + output);
        return output;
    }
}
