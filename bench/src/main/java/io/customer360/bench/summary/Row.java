package io.customer360.bench.summary;

import java.util.Optional;
import java.util.OptionalDouble;

/** A figure as measured: its value, baseline, ratio and whether it meets its target (empty: cannot tell). */
record Row(
        Figure figure,
        boolean failed,
        OptionalDouble value,
        OptionalDouble baseline,
        OptionalDouble ratio,
        Optional<Boolean> met) {

    static Row of(Figure figure, BenchResults results, boolean failed) {
        OptionalDouble value = results.number(figure.key());
        OptionalDouble baseline =
                figure.baselineKey() == null ? OptionalDouble.empty() : results.number(figure.baselineKey());
        OptionalDouble ratio = value.isPresent() && baseline.isPresent() && baseline.getAsDouble() != 0
                ? OptionalDouble.of(value.getAsDouble() / baseline.getAsDouble())
                : OptionalDouble.empty();
        return new Row(
                figure,
                failed,
                value,
                baseline,
                ratio,
                failed ? Optional.empty() : figure.target().met(value, ratio));
    }

    String verdict() {
        if (failed) {
            return "benchmark failed";
        }
        return met.map(yes -> yes ? "met" : "NOT met").orElse("n/a");
    }
}
