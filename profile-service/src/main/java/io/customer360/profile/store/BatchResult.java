package io.customer360.profile.store;

import io.customer360.profile.domain.AppliedEvent;
import java.util.List;
import java.util.Set;

/**
 * The outcome of one batch: the events to announce on {@code profile.changed}, how many were new, and the keys
 * ({@code tenant/eventId}) of events that could not be applied yet (their customer is unknown and the tenant does not
 * auto-create): those are retried, the rest of the batch is committed.
 */
public record BatchResult(List<AppliedEvent> announce, int applied, int duplicates, Set<String> deferred) {}
