package io.customer360.aggregator.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One {@code profile.changed} message as the live streams pass it on: the sections that changed and the events that
 * changed them. {@code sequence} is its position in the {@code PROFILE_CHANGES} stream, the stream's event id, from
 * which a reconnecting client resumes.
 */
@RegisterForReflection
public record CustomerChange(
        long sequence, String customerId, List<String> sections, List<String> eventIds, String occurredAt) {}
