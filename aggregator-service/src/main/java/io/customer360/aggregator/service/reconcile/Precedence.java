package io.customer360.aggregator.service.reconcile;

import io.customer360.aggregator.domain.SourceValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The rule that chooses one value among sources that disagree: the first listed source that reported one; else the
 * most recent value (by event time, then event id, so the choice never depends on the order values were listed in).
 */
public record Precedence(List<String> sources) {

    private static final Comparator<SourceValue> RECENCY = Comparator.comparing(
                    (SourceValue value) -> value.at() == null ? Instant.MIN : value.at())
            .thenComparing(value -> value.eventId() == null ? "" : value.eventId());

    public Precedence {
        sources = sources.stream()
                .map(source -> source.strip().toLowerCase(Locale.ROOT))
                .filter(source -> !source.isEmpty())
                .toList();
    }

    /** The chosen value and the rule, as the data-quality item shows it. */
    public record Choice(SourceValue value, String rule) {}

    /** {@code values} must not be empty. */
    public Choice choose(List<SourceValue> values) {
        for (String source : sources) {
            for (SourceValue value : values) {
                if (source.equals(value.source())) {
                    return new Choice(value, "precedence " + String.join(" > ", sources));
                }
            }
        }
        SourceValue newest = values.stream().max(RECENCY).orElseThrow();
        return new Choice(
                newest,
                sources.isEmpty()
                        ? "most recent"
                        : "most recent (none of " + String.join(", ", sources) + " reported it)");
    }
}
