package io.customer360.enrichment.client;

import io.customer360.common.api.Upstream;
import io.customer360.common.contract.profile.Customer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Finds the customer a request is about in profile-service. A 404 there (missing, or another tenant's) is null
 * here; a failing profile-service is reported as unavailable, never as a missing customer.
 */
@ApplicationScoped
public class CustomerDirectory {

    private final ProfileIdentityApi api;

    CustomerDirectory(@RestClient ProfileIdentityApi api) {
        this.api = api;
    }

    public Uni<Customer> find(String customerId) {
        return Upstream.nullWhenNotFound(api.customer(customerId), "profile-service");
    }
}
