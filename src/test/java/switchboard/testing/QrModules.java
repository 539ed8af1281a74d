package switchboard.testing;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.util.regex.Pattern;

/** Reads a QR code the server drew (one SVG path, a unit square per dark module) back to its text, with ZXing's decoder. */
public final class QrModules {
    private static final Pattern MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final int QUIET = 4;

    private QrModules() {
    }

    /** {@code size} is the viewBox's side, quiet zone included; {@code path} the path's {@code d}. */
    public static String decode(int size, String path) throws Exception {
        var modules = new BitMatrix(size - 2 * QUIET);
        var m = MODULE.matcher(path);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("not a module at " + end + ": " + path.substring(end, Math.min(path.length(), end + 20)));
            }
            modules.set(Integer.parseInt(m.group(1)) - QUIET, Integer.parseInt(m.group(2)) - QUIET);
            end = m.end();
        }
        if (end != path.length()) {
            throw new IllegalArgumentException("trailing path: " + path.substring(end));
        }
        return new Decoder().decode(modules).getText();
    }
}
