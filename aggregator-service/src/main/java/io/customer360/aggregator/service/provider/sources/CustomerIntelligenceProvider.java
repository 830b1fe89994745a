package io.customer360.aggregator.service.provider.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The core profile (company, industry, owner, segments, tenure, the last published health), the newest notes from
 * CSMs (sensitive ones redacted by profile-service unless the caller may see them) and the success plan:
 * milestones and CS health events ({@code /success}).
 */
@ApplicationScoped
public class CustomerIntelligenceProvider implements ContextProvider {

    /** Key notes shown in the view: the newest ones. */
    static final int NOTES = 10;

    private final ProfileClient profiles;

    CustomerIntelligenceProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "customer_intelligence";
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<JsonNode> fetch(String customerId) {
        // notes or a success plan withheld by a visibility rule leave the profile itself (and its segments) readable
        return ProfileSections.combine(List.of("profile", "notes", "success"), List.of(profiles.customer(customerId),
                ProfileSections.emptyWhenWithheld(profiles.notes(customerId, NOTES)),
                ProfileSections.emptyWhenWithheld(profiles.section(customerId, "success"))));
    }
}
