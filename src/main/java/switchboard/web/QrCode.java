package switchboard.web;

import io.nayuki.qrcodegen.QrCode.Ecc;

/**
 * A QR code drawn on the server as one SVG path (no script, no image request): {@code size}
 * modules square, plus a quiet zone of 4 on every side, as scanners expect.
 */
public record QrCode(int size, String path) {
    private static final int QUIET = 4;

    public static QrCode of(String text) {
        var code = io.nayuki.qrcodegen.QrCode.encodeText(text, Ecc.MEDIUM);
        var path = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + QUIET).append(',').append(y + QUIET).append("h1v1h-1z");
                }
            }
        }
        return new QrCode(code.size + 2 * QUIET, path.toString());
    }
}
