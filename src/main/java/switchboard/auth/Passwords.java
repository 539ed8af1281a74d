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

    /** Refuses a new password shorter than {@link #MIN_LENGTH}, saying so. */
    static void requireLongEnough(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("A password has at least " + MIN_LENGTH + " characters.");
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
