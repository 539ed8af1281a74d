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
}
