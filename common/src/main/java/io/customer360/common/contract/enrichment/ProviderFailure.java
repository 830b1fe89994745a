package io.customer360.common.contract.enrichment;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a provider gave nothing this time (shown to callers as the reasons of a degraded result). */
@RegisterForReflection
public record ProviderFailure(String dataType, String provider, String reason) {}
