package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A success-plan milestone (kind milestone); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "Milestone",
        description = "A success-plan milestone (kind milestone); a field no event reported is absent")
public record Milestone(
        @Schema(required = true) String id,
        String name,
        @Schema(description = "UTC") String dueDate,
        String owner,
        @Schema(description = "planned, completed, at_risk") String status,
        @Schema(description = "UTC") String completedAt,
        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
