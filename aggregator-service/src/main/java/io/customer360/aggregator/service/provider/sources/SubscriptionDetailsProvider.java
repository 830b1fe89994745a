package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Subscription, seats, billing, payment health and credits (profile-service {@code /subscription}). */
@ApplicationScoped
public class SubscriptionDetailsProvider implements ContextProvider {

    private final ProfileClient profiles;

    SubscriptionDetailsProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "subscription_details";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("subscription");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<SubscriptionSection> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<SubscriptionSection> fetch(String customerId, ProfileReads profile) {
        return profile.subscription();
    }
}
