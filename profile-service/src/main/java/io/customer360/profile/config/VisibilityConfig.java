package io.customer360.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;

/**
 * Segment-based visibility rules, the same keys as aggregator-service's ({@code c360.visibility.<rule>.segments|parts|
 * roles}): one rule, configured once for both services, withholds parts of the 360 view there and the records behind
 * them here. None by default.
 */
@ConfigMapping(prefix = "c360.visibility")
public interface VisibilityConfig {

    @WithParentName
    Map<String, Rule> rules();

    interface Rule {
        /** Account segments the rule applies to (any active segment of the customer, case-insensitive). */
        List<String> segments();

        /** Parts of the 360 view it withholds, e.g. {@code commercialSummary,salesPipeline}. */
        List<String> parts();

        /** Roles that may still see them. */
        List<String> roles();
    }
}
