package switchboard.web;

/**
 * What text from outside may hold. Control characters are refused at the edge: NUL cannot be
 * stored in a PostgreSQL text column at all, and the others only ever arrive by accident or
 * attack. Multi-line text (textareas, message bodies) may hold tab, line feed and carriage return.
 * The explicit text-direction controls (embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069) count as control characters: a name "Ada" + U+202E + "nimda" shows as "Adaadmin"
 * and reorders whatever follows it on the page, and no keyboard types them. Right-to-left text
 * needs none of them (the browser orders it by itself); the marks U+200E and U+200F, the joiners
 * U+200C and U+200D (Persian, Indic scripts, emoji) and U+200B (Thai and Khmer word breaks) stay.
 */
public final class TextInput {
    /**
     * Characters outside the space and format categories that draw nothing alone: the Hangul
     * fillers (U+3164, its half-width form U+FFA0, and the jamo fillers U+115F and U+1160, which pad
     * Korean syllables: "ㅤ" passes for a name on many sites), the combining grapheme joiner U+034F
     * (a mark) and the braille blank U+2800 (a symbol). Each alone made a name, a title or a
     * wager's market of nothing visible.
     */
    private static final String DRAWS_NOTHING = "\u115F\u1160\u3164\uFFA0\u034F\u2800";

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
            if (control(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
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

    private static boolean control(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029' || direction(c);
    }

    private static boolean direction(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * {@code text} without leading and trailing white space, or "" when nothing in it is visible
     * (only spaces, zero-width characters, direction marks, a soft hyphen, a BOM, a Hangul filler,
     * combining marks with no letter to sit on, variation selectors): a required name of nothing
     * visible shows as a blank heading, a blank line in a list, two poll options that look alike.
     */
    public static String visible(String text) {
        String stripped = text == null ? "" : text.strip();
        return stripped.codePoints().allMatch(TextInput::drawsNothing) ? "" : stripped;
    }

    /**
     * A character that shows nothing by itself. A non-spacing or enclosing mark (U+0301, U+20DD)
     * draws only on the letter before it, and a variation selector (U+FE0F) only picks that
     * letter's form; after a letter they are kept, since the letter is visible.
     */
    private static boolean drawsNothing(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || DRAWS_NOTHING.indexOf(cp) >= 0;
    }

    /**
     * Why {@code typed} cannot be the value of the field labelled {@code label} because of a
     * control character (or half a character) in it, said on the field; null when it has none.
     * For the forms that check their own text (the records' and the dashboard admin's), so a
     * person keeps what they typed instead of meeting the request edge's 400.
     */
    public static String controlRefusal(String label, String typed, boolean multiline) {
        int at = typed == null ? -1 : controlCharacter(typed, multiline);
        if (at < 0) {
            return null;
        }
        return Character.isSurrogate(typed.charAt(at))
                ? label + " holds half of a character (" + named(typed.charAt(at)) + "); remove it and type the character again."
                : label + " contains an invisible control character (" + named(typed.charAt(at)) + "); remove it.";
    }

    /** How the character {@code controlCharacter} found is named to a person: "U+202E, a text-direction control". */
    public static String named(char c) {
        return String.format("U+%04X", (int) c) + (direction(c) ? ", a text-direction control" : "");
    }

    /**
     * A name as it may be shown back: short, with every character {@code controlCharacter} refuses
     * (line breaks and tabs too) shown as '?'.
     */
    public static String shown(String name) {
        StringBuilder safe = new StringBuilder(Math.min(name.length(), 42));
        int shownCharacters = 0;
        for (int i = 0; i < name.length(); i++, shownCharacters++) {
            if (shownCharacters == 40) {
                return safe.append('…').toString();
            }
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                safe.append(c).append(name.charAt(++i));
            } else {
                safe.append(control(c) || Character.isSurrogate(c) ? '?' : c);
            }
        }
        return safe.toString();
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
