package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.contract.profile.UsageSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Sessions, active users per day, feature use over 90 days and unused entitled features ({@code /usage}). */
@ApplicationScoped
public class FeatureUsageProvider implements ContextProvider {

    private final ProfileClient profiles;

    FeatureUsageProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "feature_usage";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("usage");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<UsageSection> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<UsageSection> fetch(String customerId, ProfileReads profile) {
        return profile.usage();
    }
}
