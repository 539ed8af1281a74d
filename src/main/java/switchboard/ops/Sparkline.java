package switchboard.ops;

import java.util.List;
import java.util.Locale;

/**
 * A small line chart drawn on the server: the points of an SVG polyline in a
 * {@value #WIDTH}×{@value #HEIGHT} box, scaled to the largest value (at least 1, so a quiet node
 * draws a flat line at the bottom instead of noise at full height).
 */
public record Sparkline(String points, double max) {
    static final int WIDTH = 120;
    static final int HEIGHT = 24;

    static Sparkline of(List<Double> values) {
        double max = Math.max(1, values.stream().mapToDouble(v -> v == null ? 0 : v).max().orElse(0));
        var points = new StringBuilder();
        int n = values.size();
        for (int i = 0; i < n; i++) {
            double v = values.get(i) == null ? 0 : values.get(i);
            double x = n == 1 ? WIDTH : (double) i * WIDTH / (n - 1);
            double y = HEIGHT - 1 - v / max * (HEIGHT - 2);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return new Sparkline(points.toString().strip(), max);
    }
}
