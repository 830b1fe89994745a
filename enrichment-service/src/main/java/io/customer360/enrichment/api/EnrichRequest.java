package io.customer360.enrichment.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Optional body of a trigger or refresh: the address of a property to enrich (profile-service keeps none).
 * Both lines are plain text sent to the property provider as query values, never as a host or path.
 */
@RegisterForReflection
public record EnrichRequest(PropertyAddress propertyAddress) {

    /** ATTOM's two address lines: street, and city/state/ZIP. */
    @RegisterForReflection
    public record PropertyAddress(String line1, String line2) {}
}
