package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What text from outside may hold: names in any script, but nothing that reorders the page. */
class TextInputTest {
    @Test
    void textDirectionOverridesAndIsolatesAreRefused() {
        for (String spoof : new String[] {"Ada\u202Enimda", "\u202Dx", "a\u202Ab", "a\u2066b\u2069", "\u2068x"}) {
            int at = TextInput.controlCharacter(spoof, true);
            assertTrue(at >= 0, spoof);
            assertTrue(TextInput.named(spoof.charAt(at)).endsWith("a text-direction control"));
        }
        assertEquals("Ada?nimda", TextInput.shown("Ada\u202Enimda"));
    }

    @Test
    void namesInEveryScriptAndTheirMarksAndJoinersStay() {
        for (String name : new String[] {"שלום", "مرحبا\u200F", "Ada\u200E (Lovelace)", "می\u200Cخواهم", "👩\u200D💻", "ภาษา\u200Bไทย", "Zoë"}) {
            assertEquals(-1, TextInput.controlCharacter(name, false), name);
        }
    }

    @Test
    void textOfOnlyInvisibleCharactersIsEmpty() {
        for (String blank : new String[] {"\u200B", " \u200E\u200F ", "\uFEFF", "\u2060", "\u00AD", "\u3164", "\u3164\u3164", "\uFFA0", "\u115F\u1160", " \u200B\u3164 "}) {
            assertEquals("", TextInput.visible(blank), blank.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString());
        }
        assertEquals("한\u3164글", TextInput.visible(" 한\u3164글 "), "a filler between letters stays: only nothing visible at all is empty");
        assertEquals("Ada\u200B", TextInput.visible("Ada\u200B"));
    }

    @Test
    void aNameShownBackHidesWhatIsRefusedAndKeepsWholeCharacters() {
        assertEquals("a?b?c?d?e", TextInput.shown("a\u0085b\u009Bc\nd\ud800e"), "C1 controls, line breaks and half characters");
        assertEquals("👩\u200D💻 Zoë", TextInput.shown("👩\u200D💻 Zoë"));
        String long41 = "x".repeat(39) + "😀";
        assertEquals(long41, TextInput.shown(long41), "a pair at the end is kept whole");
        assertEquals("y".repeat(40) + "…", TextInput.shown("y".repeat(41)));
    }

    @Test
    void blanksOfEveryCategoryAloneAreNothingVisible() {
        for (String blank : new String[] {"\u00A0", "\u034F", "\u2800", "\u3164", "\uFEFF", "\u200B\u200B\u2060", " \u2800\u034F "}) {
            assertEquals("", TextInput.visible(blank), blank.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString());
        }
        assertEquals("e\u034F\u0301", TextInput.visible("e\u034F\u0301"), "a joiner after a letter stays");
        assertEquals("\u2800\u2801", TextInput.visible("\u2800\u2801"), "braille with a dot in it is visible");
    }

    @Test
    void marksAndVariationSelectorsWithNoLetterAreNothingVisible() {
        for (String blank : new String[] {"\u0301", "\uFE0F", "\uFE00", "\uDB40\uDD00", "\u20DD", " \u0301\u0308 ", "\u200B\u0301\uFE0F", "\u3164\u0301"}) {
            assertEquals("", TextInput.visible(blank), blank.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString());
        }
        assertEquals("e\u0301", TextInput.visible(" e\u0301 "), "é written as e and a combining acute is text");
        assertEquals("\u2764\uFE0F", TextInput.visible("\u2764\uFE0F"), "a heart with its emoji selector");
        assertEquals("1\uFE0F\u20E3", TextInput.visible("1\uFE0F\u20E3"), "a keycap");
    }
}
