package io.customer360.aggregator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A data-quality item: sources disagree on a field. The view shows {@code chosen}; {@code rule} says why that one;
 * {@code values} are what each source said.
 *
 * @param field    the section and field, e.g. {@code subscription.arr}, {@code contact.role}
 * @param recordId the record the field belongs to ({@code primary} for the subscription, the contact's id)
 */
@RegisterForReflection
public record Conflict(String field, String recordId, Chosen chosen, String rule, List<SourceValue> values) {

    @RegisterForReflection
    public record Chosen(JsonNode value, String source) {}
}
