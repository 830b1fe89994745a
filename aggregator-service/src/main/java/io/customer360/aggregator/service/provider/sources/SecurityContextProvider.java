package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.contract.profile.SecuritySection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Failed logins, MFA/SSO, suspicious activities, compliance score and last audit ({@code /security}). */
@ApplicationScoped
public class SecurityContextProvider implements ContextProvider {

    private final ProfileClient profiles;

    SecurityContextProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "security_context";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("security");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<SecuritySection> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<SecuritySection> fetch(String customerId, ProfileReads profile) {
        return profile.security();
    }
}
