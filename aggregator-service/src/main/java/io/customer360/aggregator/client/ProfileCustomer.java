package io.customer360.aggregator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** The fields of profile-service's customer that the 360 view uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileCustomer(String id, String name, String email, String company, String status,
        OffsetDateTime customerSince, BigDecimal lifetimeValue, OffsetDateTime updatedAt) {
}
