package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of a customer's knowledge list: a knowledge entry (a ticket marked important or to remember) or a note,
 * told apart by {@code kind}; a field no event reported, or that the kind does not have, is absent.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "KnowledgeEntry",
        description = "A knowledge entry or a note, told apart by kind; a field no event reported is absent")
public record KnowledgeEntry(
        @Schema(required = true) String id,

        @Schema(
                required = true,
                enumeration = {"knowledge", "note"})
        String kind,

        String title,
        String content,
        String category,

        @Schema(description = "A knowledge entry: where it came from (support_ticket)")
        String source,

        @Schema(description = "A note: whether it is sensitive")
        Boolean sensitive,

        @Schema(description = "A note") String author,
        @Schema(description = "A note") String importance,

        @Schema(description = "A note: true when title and content were left out for this caller")
        Boolean redacted,

        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
