package io.customer360.ingest.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A source of the Segment-compatible intake: one partner service of one tenant, identified by its write key (never
 * shown again after creation). {@code revokedAt} is null while its key is accepted.
 */
public record Source(UUID id, String name, OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt) {}
