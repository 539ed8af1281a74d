package switchboard.auth;

import com.password4j.Password;

/**
 * Password hashing with Argon2id (password4j, its default parameters), and verification that
 * takes as long for an unknown user as for a wrong password, so timing tells nothing.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    private static final String DUMMY_HASH = hash("not-a-real-password-just-equal-work");

    private Passwords() {
    }

    /** The longest password taken: a pasted book is a mistake, not a password, and costs hashing time on every sign-in. */
    public static final int MAX_LENGTH = 1000;

    /**
     * Refuses a new password shorter than {@link #MIN_LENGTH} or longer than {@link #MAX_LENGTH}
     * characters, or made of spaces only, saying so.
     */
    static void requireAcceptable(String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("A password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
        }
        if (password.isBlank()) {
            throw new IllegalArgumentException("A password of spaces only is easy to guess; use letters, digits or other characters too.");
        }
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt().withArgon2().getResult();
    }

    /** True when {@code password} matches {@code hash}; a null hash (no such user) never matches. */
    public static boolean matches(String password, String hash) {
        boolean ok = Password.check(password, hash == null ? DUMMY_HASH : hash).withArgon2();
        return ok && hash != null;
    }
}
