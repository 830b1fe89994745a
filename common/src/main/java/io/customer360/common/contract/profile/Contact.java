package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A contact person of the customer (kind contact); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "Contact",
        description = "A contact person of the customer (kind contact); a field no event reported is absent")
public record Contact(
        @Schema(required = true) String id,
        String name,
        String email,
        String phone,
        @Schema(description = "Job title") String title,

        @Schema(description = "champion, executive_sponsor, decision_maker, billing, user, …")
        String role,

        @JsonProperty("isPrimary") Boolean isPrimary,

        @Schema(description = "Channels the contact refused: call, email, meeting, sms")
        List<String> optedOutChannels,

        Boolean doNotContact,
        @Schema(description = "active, removed") String status,
        String lastActivityType,
        @Schema(description = "UTC") String lastActivityAt,

        @Schema(
                description =
                        "Each per-source field's values by source, sorted by source; absent when no field is reported per source")
        Map<String, List<ReportedValue>> sources,

        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
