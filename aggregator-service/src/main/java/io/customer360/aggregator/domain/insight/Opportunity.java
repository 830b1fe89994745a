package io.customer360.aggregator.domain.insight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        List<String> evidenceEventIds,

        @Schema(
                required = true,
                description =
                        "The figures it rests on, by name (seats, users waiting, price per seat, API calls, requests); "
                                + "docs/view-fields.md#opportunities")
        Map<String, Number> evidence) {

    public static Opportunity of(
            String type, String signal, Double value, String recommendation, Evidence evidence, List<String> eventIds) {
        return of(type, signal, value, recommendation, evidence, eventIds, Map.of());
    }

    public static Opportunity of(
            String type,
            String signal,
            Double value,
            String recommendation,
            Evidence evidence,
            List<String> eventIds,
            Map<String, Number> figures) {
        return new Opportunity(
                type,
                signal,
                value,
                recommendation,
                evidence.basis(),
                evidence.confidence(),
                List.copyOf(eventIds),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures)));
    }

    /** Expansion or upsell (from deals, API use beyond the plan, features asked for): the seed's {@code expansion_signals}. */
    public boolean expansion() {
        return type.equals("expansion")
                || type.equals("upsell")
                || type.equals("api_upsell")
                || type.equals("feature_upsell");
    }
}
