package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A deal (kind deal); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "Deal", description = "A deal (kind deal); a field no event reported is absent")
public record Deal(
        @Schema(required = true) String id,
        String name,
        String stage,
        BigDecimal amount,
        String currency,
        @Schema(description = "0 to 100") BigDecimal probability,
        @Schema(description = "UTC") String closeDate,
        String dealType,
        String owner,
        @Schema(description = "open, won, lost") String status,
        String lossReason,
        @Schema(description = "UTC") String closedAt,
        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
