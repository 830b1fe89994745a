package io.customer360.aggregator.client;

import io.customer360.common.api.Upstream;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads customers from profile-service. A 404 there (missing, or another tenant's) is a 404 here; an unreachable
 * or failing profile-service is reported as unavailable, never as a missing customer.
 */
@ApplicationScoped
public class ProfileClient {

    private final ProfileApi api;

    ProfileClient(@RestClient ProfileApi api) {
        this.api = api;
    }

    /** The customer, or null when profile-service does not know it for the caller's tenant. */
    public Uni<ProfileCustomer> customer(String id) {
        return Upstream.nullWhenNotFound(api.customer(id), "profile-service");
    }
}
