package io.customer360.aggregator.domain.insight;

import java.util.Map;

/**
 * Today's health: the score of each dimension that has data (0–100), the overall score with the weights
 * renormalized over those dimensions, and the share of the total weight that had data.
 *
 * @param overall      null when no dimension has data
 * @param dimensions   a score per dimension; null for a dimension without data
 * @param completeness the summed weight of the dimensions with data, 0–1
 */
public record HealthScore(Integer overall, Map<Dimension, Integer> dimensions, double completeness) {

    /** The band the score falls in, as profile-service filters by it: healthy ≥ 75, watch ≥ 60, at_risk below. */
    public String band() {
        if (overall == null) {
            return null;
        }
        return overall >= 75 ? "healthy" : overall >= 60 ? "watch" : "at_risk";
    }
}
