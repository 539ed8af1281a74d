package switchboard.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Every random token the app makes (session ids, CSRF tokens, visitor ids, kiosk links, API
 * keys, demo passwords), from one SecureRandom, and the digest under which stored secrets are kept.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    private static final String LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** 256 random bits, URL-safe. */
    public static String random() {
        return random(32);
    }

    /** {@code bytes} random bytes, URL-safe Base64 without padding. */
    public static String random(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    /** {@code count} random bytes, e.g. a signing key. */
    public static byte[] randomBytes(int count) {
        byte[] buffer = new byte[count];
        RANDOM.nextBytes(buffer);
        return buffer;
    }

    /** {@code length} random lower-case letters and digits. */
    public static String randomAlphanumeric(int length) {
        return random(length, LOWER_ALPHANUMERIC);
    }

    /** {@code length} characters drawn from {@code alphabet}. */
    public static String random(int length, String alphabet) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** SHA-256, hex: enough for a 256-bit random token, where a slow hash buys nothing. */
    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
