package io.customer360.enrichment.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The part of profile-service's {@code profile.changed} payload auto-enrichment reads; the other members
 * ({@code sections}, {@code eventIds}, {@code occurredAt}) are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileChanged(String tenant, String customerId, Identity identity) {

    /** The customer's identity after the change; any member may be null. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(String name, String email, String company, String domain) {
    }
}
