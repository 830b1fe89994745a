package io.customer360.enrichment.api;

import io.customer360.common.auth.Roles;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.customer360.enrichment.service.provider.ProviderRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The providers in each waterfall, in order, whether each is enabled (has a key), and its breaker's state. */
@Path("/api/v1/enrichment/providers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class ProvidersResource {

    @RegisterForReflection
    public record ProviderStatus(String name, String dataType, boolean enabled, String circuitBreaker) {}

    private final ProviderRegistry providers;
    private final CircuitBreakerMaintenance breakers;

    ProvidersResource(ProviderRegistry providers, CircuitBreakerMaintenance breakers) {
        this.providers = providers;
        this.breakers = breakers;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            operationId = "listEnrichmentProviders",
            summary = "Enrichment providers and their state",
            description = "Role: c360.viewer. Never shows a key.")
    public List<ProviderStatus> providers() {
        return providers.all().stream().map(this::status).toList();
    }

    private ProviderStatus status(GuardedProvider provider) {
        return new ProviderStatus(
                provider.name(),
                provider.dataType().wireName(),
                provider.enabled(),
                breakers.currentState(GuardedProvider.breakerName(provider.name()))
                        .name()
                        .toLowerCase());
    }
}
