package switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import switchboard.testing.QrModules;

class QrCodeTest {
    @Test
    void theDrawnCodeReadsBackToItsText() throws Exception {
        for (String text : new String[] {"http://127.0.0.1:7070/polls/1", "https://switchboard.example.org/polls/123456789012345678"}) {
            var code = QrCode.of(text);
            assertEquals(text, QrModules.decode(code.size(), code.path()));
        }
    }
}
