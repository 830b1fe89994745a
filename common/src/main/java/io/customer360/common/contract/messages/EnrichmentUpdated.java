package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * enrichment-service's announcement of a new enrichment result on {@code enrichment.updated.{tenant}.{customer_id}}:
 * the data types it refreshed ({@code person}, {@code business}, {@code property}).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrichmentUpdated(String tenant, String customerId, List<String> dataTypes, Instant occurredAt) {}
