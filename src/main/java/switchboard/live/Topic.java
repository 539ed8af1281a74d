package switchboard.live;

import java.util.regex.Pattern;

/**
 * A live topic such as {@code presence:main} or {@code thread:42}: a kind, and for most kinds
 * an argument naming the entity. Its string form is what change_log stores and what a page
 * asks for in {@code /live?topics=}.
 */
public record Topic(String kind, String arg) {
    private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9_]{0,31})(?::([A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{1,64})?))?");

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern ARG = Pattern.compile("[A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{1,64})?");

    /**
     * Checks every topic however it is built: a kind such as {@code polls} takes no id, and an id,
     * when present, is never null, empty or malformed (a null once became {@code tables:null}).
     */
    public Topic {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("topic kind '" + kind + "' is malformed: expected lower-case letters, digits and _");
        }
        if (arg != null && !ARG.matcher(arg).matches()) {
            throw new IllegalArgumentException("topic '" + kind + ":" + abbreviate(arg) + "' has a malformed id");
        }
    }

    /** A topic of a kind that takes no id, such as {@code polls}. */
    public static Topic of(String kind) {
        return new Topic(kind, null);
    }

    /** A topic about one entity, such as {@code thread:42}. */
    public static Topic of(String kind, long id) {
        if (id < 0) {
            throw new IllegalArgumentException("topic '" + kind + "' needs a non-negative id, not " + id);
        }
        return new Topic(kind, Long.toString(id));
    }

    /** A topic named by a string id, such as {@code table:final-table}; the id must not be null. */
    public static Topic of(String kind, String id) {
        if (id == null) {
            throw new IllegalArgumentException("topic '" + kind + "' needs an id, not null");
        }
        return new Topic(kind, id);
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
