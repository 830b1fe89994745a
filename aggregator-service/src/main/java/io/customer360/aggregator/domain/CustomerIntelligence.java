package io.customer360.aggregator.domain;

import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SuccessSection;
import java.util.List;

/**
 * The customer_intelligence provider's answer: the customer's profile, its newest notes (sensitive ones redacted by
 * profile-service for callers without {@code c360.sensitive}) and its success plan. Notes a visibility rule withholds
 * are an empty list, a withheld success plan is null: the profile stays readable.
 */
public record CustomerIntelligence(Customer profile, List<Note> notes, SuccessSection success) {}
