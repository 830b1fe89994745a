package io.customer360.aggregator.service.provider.sources;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.common.contract.profile.SalesSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Open deals, pipeline value by stage, pending quotes and recent sales activities ({@code /sales}). */
@ApplicationScoped
public class SalesPipelineProvider implements ContextProvider {

    private final ProfileClient profiles;

    SalesPipelineProvider(ProfileClient profiles) {
        this.profiles = profiles;
    }

    @Override
    public String name() {
        return "sales_pipeline";
    }

    @Override
    public Set<String> profileParts() {
        return Set.of("sales");
    }

    @Override
    public String source() {
        return ProfileClient.SERVICE;
    }

    @Override
    public Uni<SalesSection> fetch(String customerId) {
        return fetch(customerId, profiles.reads(customerId));
    }

    @Override
    public Uni<SalesSection> fetch(String customerId, ProfileReads profile) {
        return profile.sales();
    }
}
