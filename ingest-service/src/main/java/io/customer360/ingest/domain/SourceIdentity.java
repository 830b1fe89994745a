package io.customer360.ingest.domain;

import java.util.UUID;

/** Who sent a Segment call: the source its write key belongs to, and that source's tenant (the call's only tenant). */
public record SourceIdentity(UUID sourceId, String tenant, String name) {}
