package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A note about the customer (kind note); a sensitive note shown to a caller without c360.sensitive has no title and content; a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "Note",
        description =
                "A note about the customer (kind note); a sensitive note shown to a caller without c360.sensitive has no title and content; a field no event reported is absent")
public record Note(
        @Schema(required = true) String id,
        String title,
        String content,
        String category,
        @Schema(required = true) Boolean sensitive,
        String author,
        String importance,

        @Schema(required = true, description = "True when title and content were left out for this caller")
        Boolean redacted,

        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
