package switchboard.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import switchboard.web.Tokens;

/**
 * Demo accounts for a first look: made once, on an empty users table, with random passwords
 * kept in a file beside the data (readable by its owner only) so every start can print them.
 */
public final class DemoAccounts {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private DemoAccounts() {
    }

    /** Creates the accounts when there are none yet; returns the lines to print, or none. */
    public static List<String> ensure(Auth auth, String baseUrl, Path file) throws IOException {
        Users users = auth.users();
        if (users.isEmpty()) {
            var lines = new ArrayList<String>();
            lines.add(create(users, "admin", "Admin", Role.ADMIN));
            lines.add(create(users, "ada", "Ada Lovelace", Role.MEMBER));
            lines.add(create(users, "grace", "Grace Hopper", Role.MEMBER));
            lines.add(create(users, "sam", "Sam Yılmaz", Role.STAFF));
            var kiosk = auth.kioskLinks().create("Lobby display", null);
            lines.add(String.format("  %-7s %-6s link %s%s%s", Role.KIOSK, "lobby", baseUrl, KioskLinks.PATH, kiosk.token()));
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String create(Users users, String username, String name, Role role) {
        String password = password();
        users.create(username, name, password, role);
        return String.format("  %-7s %-6s password %s", role, username, password);
    }

    private static String password() {
        return Tokens.random(16, ALPHABET);
    }
}
