package switchboard.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where this site may send a browser back to: a path on this site, checked by parsing, never by
 * a prefix test. Browsers read {@code /\host}, {@code //host} and {@code /<TAB>/host} as another
 * host, so a target must be one plain {@code /}-rooted path with no authority, no backslash and
 * no whitespace or control character. With {@code PUBLIC_URL} set, the absolute address is built
 * from it, never from the request's Host header.
 */
public final class SafeRedirect {
    private static final java.util.regex.Pattern ENCODED_TROUBLE = java.util.regex.Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF]|5[cC])");

    private final String publicUrl;

    /** {@code publicUrl}: the configured public address, or empty for relative redirects. */
    public SafeRedirect(String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The path and query of {@code target} when it is a same-site path, else empty. */
    public static Optional<String> path(String target) {
        if (target == null || target.isEmpty() || target.length() > 2000 || target.charAt(0) != '/') {
            return Optional.empty();
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == '\\' || c >= 0x7f) {
                return Optional.empty();
            }
        }
        // Encoded control characters and backslashes too: some clients decode before they look.
        // A second slash, raw or percent-encoded (decoded, /%2F is //host too).
        if (target.startsWith("//") || target.regionMatches(true, 0, "/%2f", 0, 4) || ENCODED_TROUBLE.matcher(target).find()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(target);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null || !uri.getRawPath().startsWith("/")
                    || uri.getRawPath().startsWith("//")) {
                return Optional.empty();
            }
            return Optional.of(pathAndQuery(uri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The same-site path and query of a {@code Referer} (a full address: its scheme and host are
     * dropped, then {@link #path} judges what is left), else empty.
     */
    public static Optional<String> refererPath(String referer) {
        if (referer == null) {
            return Optional.empty();
        }
        try {
            return path(pathAndQuery(URI.create(referer)));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** An address's path and query as written (still percent-encoded), without scheme, host or fragment. */
    public static String pathAndQuery(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The address to redirect to for {@code target}, or for {@code fallback} when it is not a same-site path. */
    public String to(String target, String fallback) {
        return publicUrl + path(target).orElse(fallback);
    }
}
