package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Logins, meetings, CSM touchpoints and NPS ({@code /engagement}) with the stakeholder map: champions, executive
 * sponsors and their activity ({@code /contacts}).
 */
@ApplicationScoped
public class EngagementMetricsProvider implements ContextProvider {

    private final ProfileClient profiles;

    EngagementMetricsProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "engagement_metrics";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("engagement", "contacts");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<EngagementMetrics> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<EngagementMetrics> fetch(String customerId, ProfileReads profile) {
        // either unknown: the customer is unknown
        return Uni.combine()
                .all()
                .unis(profile.engagement(), profile.contacts())
                .with((engagement, contacts) ->
                        engagement == null || contacts == null ? null : new EngagementMetrics(engagement, contacts));
    }
}
