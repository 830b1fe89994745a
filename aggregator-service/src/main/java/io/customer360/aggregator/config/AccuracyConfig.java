package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Insight accuracy (seed guardrail): which events are outcomes, and how long after an insight an outcome still scores
 * it. Event types are profile-service's catalog names.
 */
@ConfigMapping(prefix = "aggregator.accuracy")
public interface AccuracyConfig {

    /** An outcome scores the insights emitted at most this long before it; older unscored ones are expired. */
    @WithDefault("180d")
    Duration horizon();

    @WithDefault("subscription_cancelled")
    List<String> churn();

    @WithDefault("subscription_renewed")
    List<String> renewal();

    /** A won deal is new business with the customer; a plan change may be a downgrade, so it is not listed. */
    @WithDefault("deal_won")
    List<String> expansion();

    @WithDefault("ticket_resolved")
    List<String> ticketResolution();

    /** The insights a ticket resolution follows up (counted as {@code resolved}, never a verdict). */
    @WithDefault("support_escalation,escalation_required")
    List<String> supportInsights();
}
