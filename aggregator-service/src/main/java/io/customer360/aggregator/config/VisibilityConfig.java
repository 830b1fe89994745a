package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;

/**
 * Segment-based visibility (seed guardrail): rule name → which parts of the view of an account in which segments only
 * which roles may see. The same keys configure profile-service, which withholds the records behind those parts
 * ({@code c360.visibility.<rule>.segments|parts|roles}, configured once for both). None by default; see the README.
 */
@ConfigMapping(prefix = "c360.visibility")
public interface VisibilityConfig {

    @WithParentName
    Map<String, Rule> rules();

    interface Rule {
        /** Account segments the rule applies to (any active segment of the customer, case-insensitive). */
        List<String> segments();

        /** Top-level parts of the view it withholds, e.g. {@code commercialSummary,salesPipeline}. */
        List<String> parts();

        /** Roles that may still see them. */
        List<String> roles();
    }
}
