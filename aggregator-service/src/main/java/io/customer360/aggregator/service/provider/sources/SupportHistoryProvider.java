package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.contract.profile.SupportSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Tickets, open ones by priority, resolution times, CSAT, escalations and common categories ({@code /support}). */
@ApplicationScoped
public class SupportHistoryProvider implements ContextProvider {

    private final ProfileClient profiles;

    SupportHistoryProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "support_history";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("support");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<SupportSection> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<SupportSection> fetch(String customerId, ProfileReads profile) {
        return profile.support();
    }
}
