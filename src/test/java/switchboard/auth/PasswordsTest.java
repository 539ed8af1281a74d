package switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void hashesAreSaltedArgon2idAndOnlyTheRightPasswordMatches() {
        String first = Passwords.hash("correct horse battery");
        String second = Passwords.hash("correct horse battery");
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertNotEquals(first, second, "every hash has its own salt");
        assertTrue(Passwords.matches("correct horse battery", first));
        assertFalse(Passwords.matches("correct horse batterY", first));
        assertFalse(Passwords.matches("anything", null), "no user, no match");
    }
}
