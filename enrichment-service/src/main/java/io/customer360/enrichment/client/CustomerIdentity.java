package io.customer360.enrichment.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The identity fields of a customer that enrichment providers are asked about. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerIdentity(String id, String name, String email, String phone, String company) {}
