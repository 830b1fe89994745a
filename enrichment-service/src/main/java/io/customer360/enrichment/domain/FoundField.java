package io.customer360.enrichment.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** One value a provider answered, before provenance is attached. */
public record FoundField(DataType dataType, String field, JsonNode value) {}
