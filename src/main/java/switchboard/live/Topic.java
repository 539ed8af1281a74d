package switchboard.live;

import java.util.regex.Pattern;

/**
 * A live topic such as {@code presence:main} or {@code thread:42}: a kind, and for most kinds
 * an argument naming the entity. Its string form is what change_log stores and what a page
 * asks for in {@code /live?topics=}.
 */
public record Topic(String kind, String arg) {
    private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9_]{0,31})(?::([A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{1,64})?))?");

    public static Topic of(String kind, Object arg) {
        return new Topic(kind, String.valueOf(arg));
    }

    /** Parses the string form; throws {@link IllegalArgumentException} with a message for people. */
    public static Topic parse(String text) {
        var m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("topic '" + abbreviate(text)
                    + "' is malformed: expected a lower-case kind, optionally followed by ':' and an id, e.g. presence:main");
        }
        return new Topic(m.group(1), m.group(2));
    }

    @Override
    public String toString() {
        return arg == null ? kind : kind + ":" + arg;
    }

    static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
