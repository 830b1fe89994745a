package io.customer360.aggregator.domain.insight;

import java.util.List;

/**
 * A risk indicator: the seed's {@code type}, {@code severity}, {@code signal}, {@code recommendation}, extended with
 * how it is known ({@code basis} observed or inferred, {@code confidence}) and the events it rests on.
 */
public record Risk(
        String type,
        Severity severity,
        String signal,
        String recommendation,
        String basis,
        double confidence,
        List<String> evidenceEventIds) {

    public static Risk of(
            String type,
            Severity severity,
            String signal,
            String recommendation,
            Evidence evidence,
            List<String> eventIds) {
        return new Risk(
                type, severity, signal, recommendation, evidence.basis(), evidence.confidence(), List.copyOf(eventIds));
    }

    public boolean firm() {
        return confidence >= Evidence.FIRM;
    }
}
