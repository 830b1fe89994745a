package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * profile-service's announcement on {@code customer.erased.{tenant}.{customer_id}} that a customer was erased, so every
 * other service erases its share ({@code CustomerErasures}). {@code subjectTokens} are the customer's subject tokens
 * (its id, the ids merged into it, the hashed tokens of its emails: never an email), under which the other services'
 * streams may hold its messages.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerErased(String tenant, String customerId, Instant occurredAt, List<String> subjectTokens) {}
