package io.tollgate.admin.console;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

import io.tollgate.admin.Dashboard;

/**
 * Thirty days of activity as an inline SVG line chart, drawn on the server: no script, nothing
 * fetched from elsewhere. Labels are escaped; everything else is numbers.
 */
final class ActivityChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    private static final int LEFT = 40;
    private static final int RIGHT = 10;
    private static final int TOP = 10;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = { "#1d4ed8", "#b45309", "#b91c1c", "#7c3aed" };

    private ActivityChart() {
    }

    static String render(List<Dashboard.Day> days, ConsoleMessages m) {
        List<ToLongFunction<Dashboard.Day>> series = List.of(Dashboard.Day::signIns, Dashboard.Day::failures,
                Dashboard.Day::lockouts, Dashboard.Day::replays);
        String[] names = { m.seriesSignIns(), m.seriesFailures(), m.seriesLockouts(), m.seriesReplays() };
        long max = 1;
        for (Dashboard.Day day : days) {
            for (ToLongFunction<Dashboard.Day> s : series) {
                max = Math.max(max, s.applyAsLong(day));
            }
        }
        long top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double step = days.size() > 1 ? plotWidth / (days.size() - 1) : plotWidth;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"chart-title\">")
                .append("<title id=\"chart-title\">").append(escape(m.chartTitle())).append("</title>");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%d</text>",
                    LEFT - 6, y + 4, top * i / 4));
        }
        for (int i = 0; i < days.size(); i += 7) {
            double x = LEFT + step * i;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
                    x, HEIGHT - BOTTOM + 16, days.get(i).date().toString().substring(5)));
        }
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < days.size(); i++) {
                double x = LEFT + step * i;
                double y = TOP + plotHeight - plotHeight * series.get(s).applyAsLong(days.get(i)) / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[s]).append("\" points=\"")
                    .append(points.toString().trim()).append("\"><title>").append(escape(names[s])).append("</title></polyline>");
            int legendX = LEFT + s * 150;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    legendX, HEIGHT - 24, COLOURS[s]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>", legendX + 16,
                    HEIGHT - 14, escape(names[s])));
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2, 5 × 10^n at or above {@code value}, and a multiple of 4 for the grid. */
    static long niceCeiling(long value) {
        long magnitude = 1;
        while (magnitude * 10 <= value) {
            magnitude *= 10;
        }
        for (long factor : new long[] { 1, 2, 4, 5, 8, 10 }) {
            long candidate = factor * magnitude;
            if (candidate >= value && candidate % 4 == 0) {
                return candidate;
            }
        }
        return ((value + 3) / 4) * 4;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
