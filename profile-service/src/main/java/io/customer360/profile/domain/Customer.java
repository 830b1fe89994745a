package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

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
        List<String> segments,
        Health health,
        List<String> aliases,
        List<String> possibleDuplicates,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public record Health(BigDecimal score, String band, String exitState, OffsetDateTime updatedAt) {
    }
}
