package io.customer360.enrichment.client;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
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

    public Uni<CustomerIdentity> find(String customerId) {
        return api.customer(customerId)
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status == 404 ? Uni.createFrom().nullItem() : Uni.createFrom().failure(
                            new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "profile-service answered " + status));
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(failure ->
                        new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "profile-service is unreachable"));
    }
}
