package io.customer360.aggregator.service.provider.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

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
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<JsonNode> fetch(String customerId) {
        return ProfileSections.combine(List.of("engagement", "contacts"),
                List.of(profiles.section(customerId, "engagement"), profiles.section(customerId, "contacts")));
    }
}
