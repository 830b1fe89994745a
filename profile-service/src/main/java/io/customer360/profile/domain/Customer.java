package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A customer profile as the API shows it. Unknown values are null, never invented. {@code attributes} holds every
 * profile field events or editors set (industry, account owner, …) under camelCase names; {@code health} is the
 * latest state aggregator-service published; {@code aliases} are ids of customers merged into this one;
 * {@code possibleDuplicates} are customers that share an email with this one.
 */
public record Customer(
        String id,
        String name,
        String email,
        String phone,
        String company,
        String status,
        OffsetDateTime customerSince,
        BigDecimal lifetimeValue,
        ObjectNode attributes,
        @Schema(description = "The customer's tags (a profile_update's `tags`, the newest set wins), in the order sent; null when no "
                + "update ever set them or the newest cleared them", nullable = true)
        List<String> tags,
        @Schema(description = "The customer's custom fields (a profile_update's `custom_fields`, merged key by key, newest value "
                + "wins, null removes one): strings, numbers and booleans by key; empty when there are none")
        ObjectNode customFields,
        List<String> segments,
        Health health,
        List<String> aliases,
        List<String> possibleDuplicates,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public record Health(BigDecimal score, String band, String exitState, OffsetDateTime updatedAt) {
    }
}
