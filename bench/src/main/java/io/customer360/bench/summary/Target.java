package io.customer360.bench.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A figure's target: bounds on the measured value and on its ratio to the baseline (null: no such bound). */
record Target(Double min, Double max, Double minRatio, Double maxRatio) {

    static Target atLeast(double min) {
        return new Target(min, null, null, null);
    }

    static Target atMost(double max) {
        return new Target(null, max, null, null);
    }

    static Target atLeastWithRatio(double min, double minRatio) {
        return new Target(min, null, minRatio, null);
    }

    static Target ratioAtMost(double maxRatio) {
        return new Target(null, null, null, maxRatio);
    }

    /** Whether the figure meets every bound: false when a known one fails, empty when the others cannot be judged. */
    java.util.Optional<Boolean> met(OptionalDouble value, OptionalDouble ratio) {
        boolean valueFails = value.isPresent()
                && (min != null && value.getAsDouble() < min || max != null && value.getAsDouble() > max);
        boolean ratioFails = ratio.isPresent()
                && (minRatio != null && ratio.getAsDouble() < minRatio
                        || maxRatio != null && ratio.getAsDouble() > maxRatio);
        if (valueFails || ratioFails) {
            return java.util.Optional.of(false);
        }
        boolean unknown = (min != null || max != null) && value.isEmpty()
                || (minRatio != null || maxRatio != null) && ratio.isEmpty();
        return unknown ? java.util.Optional.empty() : java.util.Optional.of(true);
    }

    /** The bound the chart draws the value against: the value's own, else none. */
    OptionalDouble valueBound() {
        return min != null ? OptionalDouble.of(min) : max != null ? OptionalDouble.of(max) : OptionalDouble.empty();
    }

    String text() {
        List<String> parts = new ArrayList<>();
        if (min != null) {
            parts.add("≥ " + Table.number(min));
        }
        if (max != null) {
            parts.add("≤ " + Table.number(max));
        }
        if (minRatio != null) {
            parts.add(String.format(Locale.ROOT, "≥ %.2f× baseline", minRatio));
        }
        if (maxRatio != null) {
            parts.add(String.format(Locale.ROOT, "≤ %.2f× baseline", maxRatio));
        }
        return String.join(", ", parts);
    }
}
