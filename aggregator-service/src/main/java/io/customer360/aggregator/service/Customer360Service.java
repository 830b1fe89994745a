package io.customer360.aggregator.service;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileCustomer;
import io.customer360.aggregator.domain.AccountProfile;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.SectionStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the 360 view of one customer from the context sources. */
@ApplicationScoped
public class Customer360Service {

    /** The data sections of the seed's format; completeness is the share of them that is available. */
    static final List<String> DATA_SECTIONS = List.of("accountProfile", "healthSummary", "engagementSummary",
            "supportSummary", "usageSummary", "commercialSummary");
    private static final String NOT_BUILT = "no context provider feeds this section yet";

    private final ProfileClient profiles;

    Customer360Service(ProfileClient profiles) {
        this.profiles = profiles;
    }

    /** The view, or null when the customer does not exist for the caller's tenant. */
    public Uni<Customer360> view(String customerId) {
        return profiles.customer(customerId).map(customer -> customer == null ? null : assemble(customer));
    }

    static Customer360 assemble(ProfileCustomer customer) {
        Map<String, SectionStatus> sections = new LinkedHashMap<>();
        for (String section : DATA_SECTIONS) {
            sections.put(section, SectionStatus.unavailable(NOT_BUILT));
        }
        sections.put("accountProfile", new SectionStatus(SectionStatus.Status.PARTIAL, "profile-service",
                customer.updatedAt() == null ? null : customer.updatedAt().toInstant(),
                "segment, industry, ARR, owners and contract come from sources not connected yet"));
        long available = sections.values().stream().filter(s -> s.status() != SectionStatus.Status.UNAVAILABLE).count();
        AccountProfile profile = new AccountProfile(customer.name(), null, null, null,
                customer.customerSince() == null ? null : customer.customerSince().atZoneSameInstant(ZoneOffset.UTC).toLocalDate(),
                null, null, null);
        return new Customer360(customer.id(), Instant.now(), Math.round(100.0 * available / DATA_SECTIONS.size()) / 100.0,
                profile, null, null, null, null, null, null, null, null, null, null, sections);
    }
}
