package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.api.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * The core profile (company, industry, owner, segments, tenure, the last published health), the newest notes from
 * CSMs (sensitive ones redacted by profile-service unless the caller may see them) and the success plan:
 * milestones and CS health events ({@code /success}).
 */
@ApplicationScoped
public class CustomerIntelligenceProvider implements ContextProvider {

    private final ProfileClient profiles;

    CustomerIntelligenceProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "customer_intelligence";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("notes", "success");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<CustomerIntelligence> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<CustomerIntelligence> fetch(String customerId, ProfileReads profile) {
        // notes or a success plan withheld by a visibility rule leave the profile itself (and its segments) readable;
        // any part unknown: the customer is unknown
        return Uni.combine()
                .all()
                .unis(
                        profile.customer(),
                        ProfileSections.emptyWhenWithheld(profile.notes(ProfileReads.NOTES)),
                        ProfileSections.emptyWhenWithheld(profile.success()))
                .with((customer, notes, success) -> customer == null || notes == null || success == null
                        ? null
                        : new CustomerIntelligence(
                                customer, notes.map(Page::items).orElse(List.of()), success.orElse(null)));
    }
}
