package switchboard.records;

import switchboard.web.TextInput;

/**
 * What a records field may hold, the same for every form and every line of the import, said on
 * the field by its label. A single-line field (an {@code <input type=text>}: names, titles,
 * address lines) holds no line break or tab: a pasted "Ada\nLovelace" showed as one line in the
 * list and two in the CSV. Multi-line fields (notes, descriptions, decisions) keep theirs.
 */
final class RecordText {
    private RecordText() {
    }

    /**
     * {@code typed} as stored: {@link TextInput#visible} ("" when nothing in it shows), composed to
     * NFC so that its length is what a person counts.
     */
    static String visible(String typed) {
        return java.text.Normalizer.normalize(TextInput.visible(typed), java.text.Normalizer.Form.NFC);
    }

    /** Characters as a person counts them: code points of the composed text (an emoji is one, not two). */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Why {@code typed} cannot be the value of the field labelled {@code label}, or null when it can. */
    static String refusal(String label, String typed, boolean multiline) {
        if (typed == null) {
            return null;
        }
        String control = TextInput.controlRefusal(label, typed, true);
        if (control != null) {
            return control;
        }
        // Around the text they are white space, stripped like any other.
        String inner = typed.strip();
        if (!multiline && (inner.indexOf('\n') >= 0 || inner.indexOf('\r') >= 0)) {
            return label + " is a single line: remove the line break.";
        }
        if (!multiline && inner.indexOf('\t') >= 0) {
            return label + " is a single line: replace the tab with a space.";
        }
        return null;
    }
}
