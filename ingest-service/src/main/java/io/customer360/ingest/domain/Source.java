package io.customer360.ingest.domain;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A source of the Segment-compatible intake: one partner service of one tenant, identified by its write key (never
 * shown again after creation). {@code revokedAt} is null while its key is accepted.
 */
public record Source(
        @Schema(required = true) UUID id,
        @Schema(required = true) String name,
        @Schema(required = true) OffsetDateTime createdAt,
        @Schema(required = true) String createdBy,
        OffsetDateTime revokedAt) {}
