package dev.familiar.admin.usage;

import java.util.List;

/** One series of a chart as plain data: its name and one point per day of the period, in day order. */
public record ChartSeries(String name, List<ChartPoint> points) {
    public ChartSeries {
        points = List.copyOf(points);
    }

    /** The sum of the series' values. */
    public long total() {
        return points.stream().mapToLong(ChartPoint::value).sum();
    }
}
