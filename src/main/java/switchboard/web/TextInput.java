package switchboard.web;

/**
 * What text from outside may hold. Control characters are refused at the edge: NUL cannot be
 * stored in a PostgreSQL text column at all, and the others only ever arrive by accident or
 * attack. Multi-line text (textareas, message bodies) may hold tab, line feed and carriage return.
 */
public final class TextInput {
    private TextInput() {
    }

    /**
     * The index of the first control character in {@code text}, or of half a surrogate pair (a
     * JSON {@code "\ud800"}: no UTF-8 can store it, and the driver would write '?' in its
     * place), or -1 when it has none.
     */
    public static int controlCharacter(String text, boolean multiline) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A name as it may be shown back: short, and without control characters. */
    public static String shown(String name) {
        String safe = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }

    /** An exception's message for a person, without a stack of causes. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return shown(message.length() > 120 ? message.substring(0, 120) : message);
    }
}
