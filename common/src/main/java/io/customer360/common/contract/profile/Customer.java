package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A customer profile as profile-service shows it ({@code GET /api/v1/customers/{id}}). Unknown values are null, never
 * invented. {@code attributes} holds every profile field events or editors set (industry, account owner, …) under
 * camelCase names and {@code customFields} the partner's own keys: open sets, so they stay JSON; {@code health} is the
 * latest state aggregator-service published; {@code aliases} are ids of customers merged into this one;
 * {@code possibleDuplicates} are customers that share an email with this one.
 */
@RegisterForReflection
public record Customer(
        @Schema(required = true) String id,
        @Schema(required = true, nullable = true) String name,
        @Schema(required = true, nullable = true) String email,
        @Schema(required = true, nullable = true) String phone,
        @Schema(required = true, nullable = true) String company,
        @Schema(required = true, nullable = true) String status,
        @Schema(required = true, nullable = true) OffsetDateTime customerSince,
        @Schema(required = true, nullable = true) BigDecimal lifetimeValue,

        @Schema(required = true, description = "Profile fields under camelCase names (industry, accountOwner, …)")
        ObjectNode attributes,

        @Schema(
                required = true,
                nullable = true,
                description = "The customer's tags (a profile_update's `tags`, the newest set wins), in "
                        + "the order sent; null when no update ever set them or the newest cleared them")
        List<String> tags,

        @Schema(
                required = true,
                description =
                        "The customer's custom fields (a profile_update's `custom_fields`, merged key by key, "
                                + "newest value wins, null removes one): strings, numbers and booleans by key; empty when there are none")
        ObjectNode customFields,

        @Schema(required = true) List<String> segments,
        @Schema(required = true, nullable = true) Health health,
        @Schema(required = true) List<String> aliases,
        @Schema(required = true) List<String> possibleDuplicates,
        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) OffsetDateTime updatedAt) {

    /** The health aggregator-service last published for the customer. */
    @Schema(name = "CustomerHealth")
    public record Health(
            @Schema(required = true, nullable = true) BigDecimal score,
            @Schema(required = true, nullable = true) String band,
            @Schema(required = true, nullable = true) String exitState,
            @Schema(required = true, nullable = true) OffsetDateTime updatedAt) {}
}
