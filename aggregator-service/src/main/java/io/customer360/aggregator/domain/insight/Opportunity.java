package io.customer360.aggregator.domain.insight;

import java.util.List;

/**
 * An opportunity: the seed's {@code type}, {@code signal}, {@code value} (null when no value can be estimated),
 * {@code recommendation}, extended with {@code basis}, {@code confidence} and the events it rests on.
 */
public record Opportunity(
        String type,
        String signal,
        Double value,
        String recommendation,
        String basis,
        double confidence,
        List<String> evidenceEventIds) {

    public static Opportunity of(
            String type, String signal, Double value, String recommendation, Evidence evidence, List<String> eventIds) {
        return new Opportunity(
                type, signal, value, recommendation, evidence.basis(), evidence.confidence(), List.copyOf(eventIds));
    }

    /** Expansion or upsell: the seed's {@code expansion_signals}. */
    public boolean expansion() {
        return type.equals("expansion") || type.equals("upsell");
    }
}
