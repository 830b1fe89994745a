package io.customer360.aggregator.domain;

import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import java.util.EnumMap;
import java.util.Map;

/**
 * Trend and delta of the health score against a stored earlier day: {@code improving} from +5 points,
 * {@code declining} from −5, else {@code stable}; {@code unknown} without an earlier score (delta null).
 */
public record HealthTrend(String overall, Integer delta, Map<Dimension, String> dimensions) {

    static final int SIGNIFICANT = 5;

    public static HealthTrend between(HealthScore today, HealthPoint earlier) {
        Map<Dimension, String> dimensions = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            Integer before = earlier == null ? null : earlier.scores().get(dimension);
            dimensions.put(dimension, trend(today.dimensions().get(dimension), before));
        }
        Integer before = earlier == null ? null : earlier.overall();
        Integer delta = today.overall() == null || before == null ? null : today.overall() - before;
        return new HealthTrend(trend(today.overall(), before), delta, dimensions);
    }

    static String trend(Integer now, Integer before) {
        if (now == null || before == null) {
            return "unknown";
        }
        int delta = now - before;
        return delta >= SIGNIFICANT ? "improving" : delta <= -SIGNIFICANT ? "declining" : "stable";
    }

    /** A stored day's scores. */
    public record HealthPoint(Integer overall, Map<Dimension, Integer> scores) {}
}
