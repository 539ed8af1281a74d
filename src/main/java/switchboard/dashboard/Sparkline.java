package switchboard.dashboard;

import java.util.Locale;

/**
 * A series drawn on the server as an SVG polyline (the CSP allows no chart script and no style
 * attributes; SVG presentation attributes are fine): {@code points} in a 120 × 30 box.
 */
public record Sparkline(String points, String label) {
    static final int WIDTH = 120;
    static final int HEIGHT = 30;

    static Sparkline of(double[] values, String label) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double span = max - min == 0 ? 1 : max - min;
        var points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = values.length == 1 ? 0 : i * (double) WIDTH / (values.length - 1);
            double y = HEIGHT - 1 - (values[i] - min) / span * (HEIGHT - 2);
            points.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, y));
        }
        return new Sparkline(points.toString(), label);
    }
}
